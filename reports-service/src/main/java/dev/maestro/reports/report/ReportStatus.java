package dev.maestro.reports.report;

/** Where a report (or one run of it) stands. */
public enum ReportStatus {

	PENDING, RUNNING, READY, FAILED;

	/** Whether a run in this state is still to finish. */
	public boolean inProgress() {
		return this == PENDING || this == RUNNING;
	}

}
