package dev.maestro.analytics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Graph requests, their status and results, public embed links, impact queries. */
@SpringBootApplication
public class AnalyticsApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalyticsApiApplication.class, args);
	}

}
