"""Referral (通報) trends by year, type and source."""
