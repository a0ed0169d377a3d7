package dev.maestro.analytics.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Consumes graph jobs; builds, lays out and renders dependency graphs. */
@SpringBootApplication
public class AnalyticsWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AnalyticsWorkerApplication.class, args);
	}

}
