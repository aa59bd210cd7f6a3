"""Court data intake: canonical outcomes and Common Platform messages, into pathways."""
