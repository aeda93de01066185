"""The registry in and out of Excel, split by stage: `read` (the workbook), `cells`, `check`
(the whole sheet, before anything is written), `write` (all or nothing), `export`."""
