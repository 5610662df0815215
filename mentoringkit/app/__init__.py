"""The served app: how `mentoringkit serve` runs Voilà and what the pages need from the server."""
