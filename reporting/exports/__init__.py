"""Files made in the background (Tệp đã xuất): what is asked for (kinds), the rules of asking,
joining and reusing (services), the task a worker runs (tasks), and the pages (views)."""
