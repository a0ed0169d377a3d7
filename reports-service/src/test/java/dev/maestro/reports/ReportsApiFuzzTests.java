package dev.maestro.reports;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.maestro.test.PublicApiFuzzTests;

/**
 * Random input at every reports-service operation (definitions, runs, results in every
 * format): never a 5xx, a refusal changes nothing.
 */
@ReportsTest
class ReportsApiFuzzTests extends PublicApiFuzzTests {

	private List<String> ids = List.of();

	@Override
	protected Caller caller() {
		ReportsApi api = new ReportsApi(this.client);
		FakeInventory.put(api.teamId, "servers", Fixtures.servers());
		// Generated before fuzzing starts, so that its run's writes are not taken for the fuzz's.
		Map<String, Object> report = api.ready(Fixtures.general("Fuzzed", "servers",
				List.of(Fixtures.filter("environment", "equals", "Production")), null));
		String run = (String) ((List<Map<String, Object>>) api.call(org.springframework.http.HttpMethod.GET,
				api.base() + "/" + report.get("id") + "/runs", null, 200).get("items")).get(0).get("id");
		this.ids = List.of((String) report.get("id"), run);
		return new Caller("Bearer " + api.token, api.teamId);
	}

	@Override
	protected Map<String, List<String>> knownPathValues() {
		return Map.of("id", this.ids, "runId", this.ids);
	}

	@Override
	protected Set<String> collectionsChangedByRefusals() {
		// A report the fuzz created or re-ran (an accepted request) goes on generating in the
		// background while later requests are checked: its run, rows and schedule bookkeeping.
		return Set.of("outbox", "processed_messages", "job_deliveries", "shedlock", "reports", "report_runs",
				"report_rows");
	}

}
