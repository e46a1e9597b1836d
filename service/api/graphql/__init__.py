"""The GraphQL schema: a thin presenter over the read models."""
