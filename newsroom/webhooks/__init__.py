"""Signed webhooks (Standard Webhooks): endpoints, publishing events, delivery with retries."""
