"""Retrieval and answering: question -> retrieve (lexical + dense, fused) -> answer -> cite."""
