"""Stage 3: relations between entity mentions: candidates, features and a learned scorer."""
