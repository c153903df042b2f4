"""Governance of the network: bodies, meetings, decisions, action items, the work plan, joint
projects and calibration campaigns (issue 16)."""
