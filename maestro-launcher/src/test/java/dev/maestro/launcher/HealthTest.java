package dev.maestro.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {

	@Test
	void anUpServiceIsUp() {
		assertThat(Health.isUp(200, "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}")).isTrue();
		assertThat(Health.isUp(200, "{ \"status\" : \"UP\" }")).isTrue();
	}

	@Test
	void theOverallStatusWinsOverComponentsThatAreUp() {
		assertThat(Health.isUp(503,
				"{\"status\":\"DOWN\",\"components\":{\"mongo\":{\"status\":\"UP\"},\"rabbit\":{\"status\":\"DOWN\"}}}"))
			.isFalse();
		assertThat(Health.isUp(200, "{\"status\":\"OUT_OF_SERVICE\",\"components\":{\"ping\":{\"status\":\"UP\"}}}"))
			.isFalse();
	}

	@Test
	void componentsListedBeforeTheOverallStatusDoNotDecideIt() {
		// Spring Boot writes "components" first; the gateway's discovery components report UNKNOWN.
		String gateway = "{\"components\":{\"discoveryComposite\":{\"description\":\"Discovery \\\"client\\\" idle\","
				+ "\"status\":\"UNKNOWN\"},\"ping\":{\"status\":\"UP\"}},\"groups\":[\"liveness\"],\"status\":\"UP\"}";
		assertThat(Health.isUp(200, gateway)).isTrue();
		assertThat(Health.isUp(200, gateway.replace("\"status\":\"UP\"}", "\"status\":\"DOWN\"}"))).isFalse();
	}

	@Test
	void anythingElseIsNotUp() {
		assertThat(Health.isUp(404, "{\"status\":\"UP\"}")).isFalse();
		assertThat(Health.isUp(200, "<html>UP</html>")).isFalse();
		assertThat(Health.isUp(200, null)).isFalse();
	}

}
