"""The Dutch text toolkit shared by ingest, retrieval and evals: normalisation, analysis, sentences."""
