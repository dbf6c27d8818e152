"""主动公开, 依申请公开, 投诉举报: proactive disclosure, information requests and
complaints/reports, with the portal's statistics and downloads (issue 9)."""
