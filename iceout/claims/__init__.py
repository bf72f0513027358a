"""Claims stage: documents -> organisation mentions -> assertions about ICE/DHS -> checked
against the loaded records; plus what the documents say about ICE's presence in Canada."""
