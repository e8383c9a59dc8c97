"""Answer-quality evaluation: gold questions in, metrics and per-question verdicts out."""
