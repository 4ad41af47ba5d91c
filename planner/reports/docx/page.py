"""The Word copy's page: A4 with the PDF's margins."""

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
# The same margins as the PDF's @page rule (templates/reports/print.css).
MARGINS_MM = {"top": 24, "right": 18, "bottom": 22, "left": 18}
CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4
TEXT_WIDTH_INCHES = (PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]) / MM_PER_INCH
