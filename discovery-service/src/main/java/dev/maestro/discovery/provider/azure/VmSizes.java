package dev.maestro.discovery.provider.azure;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vCPUs and memory of common Azure VM sizes (from the Azure "sizes" pages), so a server gets its
 * size without a call per size. B and A v2 sizes are listed; the D, E and F families of the
 * current generations scale with their vCPU count: {@code Standard_D4s_v5} is 4 vCPUs at 4 GiB
 * each, E 8 GiB, F (v2) and D..l.. (low memory) 2 GiB.
 */
final class VmSizes {

	private static final Pattern SCALED = Pattern.compile("standard_([def])(\\d+)([a-z]*)_v(\\d+)");

	private static final Map<String, Size> LISTED = Map.ofEntries(Map.entry("standard_b1ls", new Size(1, 512)),
			Map.entry("standard_b1s", new Size(1, 1024)), Map.entry("standard_b1ms", new Size(1, 2048)),
			Map.entry("standard_b2s", new Size(2, 4096)), Map.entry("standard_b2ms", new Size(2, 8192)),
			Map.entry("standard_b4ms", new Size(4, 16384)), Map.entry("standard_b8ms", new Size(8, 32768)),
			Map.entry("standard_b12ms", new Size(12, 49152)), Map.entry("standard_b16ms", new Size(16, 65536)),
			Map.entry("standard_b20ms", new Size(20, 81920)), Map.entry("standard_a1_v2", new Size(1, 2048)),
			Map.entry("standard_a2_v2", new Size(2, 4096)), Map.entry("standard_a4_v2", new Size(4, 8192)),
			Map.entry("standard_a8_v2", new Size(8, 16384)), Map.entry("standard_a2m_v2", new Size(2, 16384)),
			Map.entry("standard_a4m_v2", new Size(4, 32768)), Map.entry("standard_a8m_v2", new Size(8, 65536)),
			Map.entry("standard_d1_v2", new Size(1, 3584)), Map.entry("standard_d2_v2", new Size(2, 7168)),
			Map.entry("standard_d3_v2", new Size(4, 14336)), Map.entry("standard_d4_v2", new Size(8, 28672)),
			Map.entry("standard_d5_v2", new Size(16, 57344)), Map.entry("standard_ds1_v2", new Size(1, 3584)),
			Map.entry("standard_ds2_v2", new Size(2, 7168)), Map.entry("standard_ds3_v2", new Size(4, 14336)),
			Map.entry("standard_ds4_v2", new Size(8, 28672)), Map.entry("standard_ds5_v2", new Size(16, 57344)));

	private VmSizes() {
	}

	/** The size of a {@code vmSize}, or {@code null} when not known. */
	static Size size(String vmSize) {
		if (vmSize == null) {
			return null;
		}
		String name = vmSize.toLowerCase(Locale.ROOT);
		Size listed = LISTED.get(name);
		if (listed != null) {
			return listed;
		}
		Matcher matcher = SCALED.matcher(name);
		if (!matcher.matches()) {
			return null;
		}
		String family = matcher.group(1);
		int cpus = Integer.parseInt(matcher.group(2));
		String features = matcher.group(3);
		int generation = Integer.parseInt(matcher.group(4));
		int perCpu;
		if (family.equals("f")) {
			if (generation < 2) {
				return null;
			}
			perCpu = 2048;
		}
		else {
			if (generation < 3) {
				return null;
			}
			perCpu = features.contains("l") ? 2048 : family.equals("d") ? 4096 : 8192;
		}
		return (cpus > 0 && cpus <= 416) ? new Size(cpus, (long) cpus * perCpu) : null;
	}

	/**
	 * @param cpu vCPUs
	 * @param memoryMb memory in MiB
	 */
	record Size(int cpu, long memoryMb) {
	}

}
