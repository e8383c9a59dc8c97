"""The Gradio front end: presentation only; answers come from the answer engine."""
