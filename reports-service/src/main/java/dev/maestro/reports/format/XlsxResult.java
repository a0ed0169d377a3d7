package dev.maestro.reports.format;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import dev.maestro.reports.report.ReportRows;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * XLSX through POI's streaming {@link SXSSFWorkbook}: only a window of rows is in memory, the
 * rest is flushed to a compressed temporary file that is disposed of once the workbook is
 * written. Numbers and booleans stay typed cells; text is made formula-safe.
 */
public final class XlsxResult {

	/** The most rows one sheet holds (Excel's limit, less the header); later rows go to more sheets. */
	static final int MAX_SHEET_ROWS = 1_048_575;

	private XlsxResult() {
	}

	public static void write(String title, List<String> columns, Iterable<ReportRows.Row> rows, int window,
			OutputStream out) throws IOException {
		SXSSFWorkbook workbook = new SXSSFWorkbook(window);
		workbook.setCompressTempFiles(true);
		try {
			CellStyle bold = workbook.createCellStyle();
			Font font = workbook.createFont();
			font.setBold(true);
			bold.setFont(font);
			int sheets = 0;
			SXSSFSheet sheet = null;
			int index = 0;
			for (ReportRows.Row row : rows) {
				if (sheet == null || index > MAX_SHEET_ROWS) {
					sheet = newSheet(workbook, title, ++sheets, columns, bold);
					index = 1;
				}
				Row line = sheet.createRow(index++);
				List<Object> values = row.values();
				for (int c = 0; c < values.size(); c++) {
					set(line.createCell(c), values.get(c));
				}
			}
			if (sheet == null) {
				newSheet(workbook, title, 1, columns, bold);
			}
			workbook.write(out);
		}
		finally {
			workbook.close();
			disposeQuietly(workbook);
		}
	}

	@SuppressWarnings("deprecation")
	private static void disposeQuietly(SXSSFWorkbook workbook) {
		workbook.dispose();
	}

	private static SXSSFSheet newSheet(SXSSFWorkbook workbook, String title, int number, List<String> columns,
			CellStyle bold) {
		String name = safeSheetName(title) + ((number > 1) ? " (" + number + ")" : "");
		SXSSFSheet sheet = workbook.createSheet(name);
		Row header = sheet.createRow(0);
		for (int c = 0; c < columns.size(); c++) {
			Cell cell = header.createCell(c);
			cell.setCellValue(columns.get(c));
			cell.setCellStyle(bold);
		}
		sheet.createFreezePane(0, 1);
		return sheet;
	}

	private static void set(Cell cell, Object value) {
		if (value == null) {
			return;
		}
		if (value instanceof Number number) {
			cell.setCellValue(number.doubleValue());
		}
		else if (value instanceof Boolean bool) {
			cell.setCellValue(bool);
		}
		else {
			String text = CellText.safe(value);
			// A cell holds at most 32,767 characters.
			cell.setCellValue((text.length() > 32_767) ? text.substring(0, 32_767) : text);
		}
	}

	/** Sheet names: at most 31 characters, none of {@code : \ / ? * [ ]}. */
	private static String safeSheetName(String title) {
		String cleaned = (title == null || title.isBlank()) ? "Report" : title.replaceAll("[:\\\\/?*\\[\\]']", " ").trim();
		if (cleaned.isEmpty()) {
			cleaned = "Report";
		}
		return (cleaned.length() > 25) ? cleaned.substring(0, 25) : cleaned;
	}

}
