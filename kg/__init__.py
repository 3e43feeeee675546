"""govreport-kg: a knowledge graph of Chinese local-government work reports (政府工作报告)."""

__version__ = "0.1.0"
