package dev.maestro.reports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.maestro.reports.Fixtures.general;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A result reads back in every format — CSV with Commons CSV, XLSX reopened with POI, PDF text
 * extracted with PDFBox, the Ansible inventory by its groups — chosen by {@code ?format=} or by
 * {@code Accept}, named by {@code Content-Disposition}; formulas planted in inventory data come
 * out inert in CSV and XLSX.
 */
@ReportsTest
class ReportFormatsTests {

	private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	@Autowired
	WebTestClient client;

	private ReportsApi api;

	private String id;

	@BeforeEach
	void report() {
		this.api = new ReportsApi(this.client);
		List<Map<String, Object>> servers = new java.util.ArrayList<>(Fixtures.servers());
		Map<String, Object> evil = new java.util.LinkedHashMap<>(Fixtures.server("s4", "=HYPERLINK(\"http://x\")", "10.0.0.4",
				null, "Linux", "@SUM(A1)", 8, 1024, "Stage", "aws", "eu-west-1", "2024-02-02T00:00:00Z", List.of()));
		evil.put("owner", "+cmd|' /C calc'!A0");
		evil.put("note", "-12.5");
		servers.add(evil);
		FakeInventory.put(this.api.teamId, "servers", servers);
		this.id = (String) this.api.ready(general("Fleet, \"all\" servers", "servers", List.of(),
				List.of("hostname", "os.dist", "cpu", "environment", "owner", "note", "ipv4Private"))).get("id");
	}

	@Test
	void csvIsRfc4180WithAHeaderRowAndNeutralisedFormulas() throws IOException {
		byte[] body = this.client.get()
			.uri(this.api.base() + "/" + this.id + "/result?format=csv")
			.header("Authorization", "Bearer " + this.api.token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/csv;charset=UTF-8")
			.expectHeader()
			.value("Content-Disposition", (value) -> assertThat(value).startsWith("attachment").contains(".csv"))
			.expectBody()
			.returnResult()
			.getResponseBody();
		String text = new String(body, StandardCharsets.UTF_8);
		assertThat(text).contains("\r\n");

		List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
			.parse(new StringReader(text)).getRecords();
		assertThat(records).hasSize(4);
		assertThat(records.get(0).get("hostname")).isEqualTo("web-01");
		assertThat(records.get(0).get("cpu")).isEqualTo("4");
		CSVRecord evil = records.get(3);
		assertThat(evil.get("hostname")).isEqualTo("'=HYPERLINK(\"http://x\")");
		assertThat(evil.get("os.dist")).isEqualTo("'@SUM(A1)");
		assertThat(evil.get("owner")).isEqualTo("'+cmd|' /C calc'!A0");
		assertThat(evil.get("note")).as("a genuine number stays as it is").isEqualTo("-12.5");
	}

	@Test
	void xlsxReopensWithPoiWithTypedCellsAndNeutralisedFormulas() throws IOException {
		byte[] body = this.api.result(this.id, "", XLSX);

		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(body))) {
			Sheet sheet = workbook.getSheetAt(0);
			assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("hostname");
			assertThat(sheet.getLastRowNum()).isEqualTo(4);
			assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("web-01");
			assertThat(sheet.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(4.0);
			assertThat(sheet.getRow(4).getCell(0).getStringCellValue()).isEqualTo("'=HYPERLINK(\"http://x\")");
			assertThat(sheet.getRow(4).getCell(4).getStringCellValue()).isEqualTo("'+cmd|' /C calc'!A0");
			assertThat(sheet.getRow(4).getCell(5).getStringCellValue()).isEqualTo("-12.5");
			for (int r = 0; r <= sheet.getLastRowNum(); r++) {
				sheet.getRow(r).forEach((cell) -> assertThat(cell.getCellType())
					.isNotEqualTo(org.apache.poi.ss.usermodel.CellType.FORMULA));
			}
		}
	}

	@Test
	void pdfIsATableWithTitleFiltersDateAndPageNumbers() throws IOException {
		byte[] body = this.api.result(this.id, "?format=pdf", null);

		try (PDDocument document = Loader.loadPDF(body)) {
			String text = new PDFTextStripper().getText(document);
			assertThat(text).contains("Fleet, \"all\" servers", "Filters: none", "Generated", "web-01", "db-01",
					"Page 1 of " + document.getNumberOfPages());
			assertThat(document.getPage(0).getMediaBox().getWidth())
				.as("seven columns print landscape")
				.isGreaterThan(document.getPage(0).getMediaBox().getHeight());
		}
	}

	@Test
	void ansibleIsAnIniInventoryGroupedByEnvironmentAndRegion() {
		String inventory = new String(this.api.result(this.id, "", "text/plain"), StandardCharsets.UTF_8);

		assertThat(inventory).contains("[production]\nweb-01 ansible_host=10.0.0.1\ndb-01 ansible_host=10.0.0.2\n");
		assertThat(inventory).contains("[development]\ndev-01 ansible_host=34.0.0.3\n");
		assertThat(inventory).contains("[aws_eu_west_1]\n");
		assertThat(inventory).contains("[gcp_europe_west1]\ndb-01 ansible_host=10.0.0.2\n");
		assertThat(inventory).contains("[aws_us_east_1]\ndev-01 ansible_host=34.0.0.3\n");
	}

	@Test
	void theFormatComesFromTheAcceptHeaderAndUnknownFormatsAreRefused() {
		this.client.get()
			.uri(this.api.base() + "/" + this.id + "/result")
			.header("Authorization", "Bearer " + this.api.token)
			.header("Accept", "text/csv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/csv;charset=UTF-8");
		this.client.get()
			.uri(this.api.base() + "/" + this.id + "/result")
			.header("Authorization", "Bearer " + this.api.token)
			.header("Accept", "application/pdf")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/pdf")
			.expectHeader()
			.value("Content-Disposition", (value) -> assertThat(value).contains("fleet-all-servers-").contains(".pdf"));
		this.client.get()
			.uri(this.api.base() + "/" + this.id + "/result?format=docx")
			.header("Authorization", "Bearer " + this.api.token)
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.get()
			.uri(this.api.base() + "/" + this.id + "/result")
			.header("Authorization", "Bearer " + this.api.token)
			.header("Accept", "image/png")
			.exchange()
			.expectStatus()
			.isEqualTo(406);
	}

}
