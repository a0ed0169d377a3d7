package dev.maestro.discovery.provider.aws;

import java.util.HashMap;
import java.util.Map;

/**
 * vCPUs and memory of common EC2 instance types (from the EC2 instance type pages), so that a
 * server gets its size without a DescribeInstanceTypes call per type. Families scale the same
 * way across sizes, so each family lists its memory per vCPU.
 */
final class InstanceTypes {

	/** MiB of memory per vCPU by family. */
	private static final Map<String, Integer> MEMORY_PER_CPU = new HashMap<>();

	/** vCPUs by size. */
	private static final Map<String, Integer> CPUS = new HashMap<>();

	static {
		for (String family : new String[] { "m4", "m5", "m5a", "m5n", "m6i", "m6a", "m6g", "m7i", "m7a", "m7g" }) {
			MEMORY_PER_CPU.put(family, 4096);
		}
		for (String family : new String[] { "c4", "c5", "c5a", "c5n", "c6i", "c6a", "c6g", "c7i", "c7a", "c7g" }) {
			MEMORY_PER_CPU.put(family, 2048);
		}
		for (String family : new String[] { "r4", "r5", "r5a", "r5n", "r6i", "r6a", "r6g", "r7i", "r7a", "r7g" }) {
			MEMORY_PER_CPU.put(family, 8192);
		}
		for (String family : new String[] { "x1", "x2idn", "x2iedn" }) {
			MEMORY_PER_CPU.put(family, 16384);
		}
		CPUS.put("large", 2);
		CPUS.put("xlarge", 4);
		CPUS.put("2xlarge", 8);
		CPUS.put("4xlarge", 16);
		CPUS.put("8xlarge", 32);
		CPUS.put("12xlarge", 48);
		CPUS.put("16xlarge", 64);
		CPUS.put("24xlarge", 96);
		CPUS.put("32xlarge", 128);
		CPUS.put("48xlarge", 192);
	}

	/** Burstable types do not follow a per-vCPU rule. */
	private static final Map<String, Size> EXACT = Map.ofEntries(Map.entry("t2.nano", new Size(1, 512)),
			Map.entry("t2.micro", new Size(1, 1024)), Map.entry("t2.small", new Size(1, 2048)),
			Map.entry("t2.medium", new Size(2, 4096)), Map.entry("t2.large", new Size(2, 8192)),
			Map.entry("t2.xlarge", new Size(4, 16384)), Map.entry("t2.2xlarge", new Size(8, 32768)),
			Map.entry("t3.nano", new Size(2, 512)), Map.entry("t3.micro", new Size(2, 1024)),
			Map.entry("t3.small", new Size(2, 2048)), Map.entry("t3.medium", new Size(2, 4096)),
			Map.entry("t3.large", new Size(2, 8192)), Map.entry("t3.xlarge", new Size(4, 16384)),
			Map.entry("t3.2xlarge", new Size(8, 32768)), Map.entry("t3a.micro", new Size(2, 1024)),
			Map.entry("t3a.small", new Size(2, 2048)), Map.entry("t3a.medium", new Size(2, 4096)),
			Map.entry("t3a.large", new Size(2, 8192)), Map.entry("t4g.micro", new Size(2, 1024)),
			Map.entry("t4g.small", new Size(2, 2048)), Map.entry("t4g.medium", new Size(2, 4096)),
			Map.entry("t4g.large", new Size(2, 8192)), Map.entry("m5.metal", new Size(96, 393216)),
			Map.entry("c5.9xlarge", new Size(36, 73728)), Map.entry("c5.18xlarge", new Size(72, 147456)));

	private InstanceTypes() {
	}

	/** The size of a type, or {@code null} when it is not in the table. */
	static Size size(String type) {
		if (type == null) {
			return null;
		}
		Size exact = EXACT.get(type);
		if (exact != null) {
			return exact;
		}
		int dot = type.indexOf('.');
		if (dot < 0) {
			return null;
		}
		Integer perCpu = MEMORY_PER_CPU.get(type.substring(0, dot));
		Integer cpus = CPUS.get(type.substring(dot + 1));
		return (perCpu != null && cpus != null) ? new Size(cpus, (long) cpus * perCpu) : null;
	}

	record Size(int cpu, long memoryMb) {
	}

}
