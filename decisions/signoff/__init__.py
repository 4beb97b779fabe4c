"""Sign-off: a note's way along its office's route to the decision. Who may act and where a
note stands (rules), the actions (workflow) and amendments, who may decide (authority), the
reference (numbering), the e-mails (notifications), and the pages (views, forms)."""
