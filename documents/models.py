"""Identity documents, the validity timeline, uploads and petitions."""
