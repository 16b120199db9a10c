"""Check stage (pure): the check flow, page clues, verdicts and the network-outage rule."""
