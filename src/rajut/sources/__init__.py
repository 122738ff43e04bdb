"""Sources: agency files taken as they are, through declarative source contracts.

readers/   turn CSV, XLSX/XLS/ODS and JSON files into all-text Arrow tables
contract   the YAML source contract (pydantic)
period     reporting periods (bulan, triwulan, semester, tahun)
ingest     one ingest run: raw archive → standardise → accepted / quarantine
"""
