"""The index's stores: the catalog (documents and passages), Chroma vectors and the BM25 index."""
