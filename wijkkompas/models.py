# The Wijkkompas reference data (tracks, phases, nodes) arrives with its own issue.
