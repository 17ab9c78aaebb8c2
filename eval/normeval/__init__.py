"""normeval: the gold evaluation of normcorpus on real text (`make eval`).

Gold annotations (eval/gold/) are made by hand on texts named in
eval/texts.yaml; this package runs the pipeline on those texts through its
stable interfaces (`normcorpus ingest` and its records, `normcorpus.read`),
and scores what it produced against the gold. It never imports a pipeline
stage's internals, so it survives their refactoring.
"""
