"""Ingestion: read -> clean -> chunk -> embed -> store, one module per step."""
