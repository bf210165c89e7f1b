"""govsm: govern a public administration's social media."""
