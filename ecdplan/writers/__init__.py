"""Writers: tables and documents become terminal text, CSV, JSON, Markdown, XLSX, HTML, iCalendar and
findings reports. They receive tables and documents, never a plan; files are written safely (`files`).
"""
