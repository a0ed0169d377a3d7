package dev.maestro.discovery.provider.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.maestro.discovery.DiscoveryProperties;
import dev.maestro.discovery.connection.Connection;
import dev.maestro.discovery.provider.Discovered;
import dev.maestro.discovery.provider.Page;
import dev.maestro.discovery.provider.Provider;
import dev.maestro.discovery.provider.ProviderContext;
import dev.maestro.discovery.provider.ProviderTask;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

import org.springframework.stereotype.Component;

/**
 * Amazon Web Services through the AWS SDK for Java v2 (its synchronous clients, run on
 * {@code boundedElastic}; the SDK's paginators follow {@code NextToken}/{@code Marker}, and its
 * standard retry mode backs off and retries throttling such as {@code RequestLimitExceeded}).
 * The connection's {@code endpoint} overrides every service's address (LocalStack, mocks).
 */
@Component
class AwsProvider implements Provider {

	private static final List<ProviderTask> TASKS = List.of(ProviderTask.of("servers", "servers", Duration.ofMinutes(5)),
			ProviderTask.of("volumes", "volumes", Duration.ofHours(6)),
			ProviderTask.of("snapshots", "snapshots", Duration.ofDays(14)),
			ProviderTask.of("images", "images", Duration.ofDays(14)),
			ProviderTask.of("networks", "networks", Duration.ofDays(7)),
			ProviderTask.of("loadbalancers", "applications", Duration.ofHours(6)),
			ProviderTask.of("databases", "applications", Duration.ofHours(24)),
			ProviderTask.of("autoscaling", "applications", Duration.ofHours(24)),
			new ProviderTask("cdn", "applications", Duration.ofHours(24), true));

	private final DiscoveryProperties.Aws settings;

	private final SdkHttpClient http = UrlConnectionHttpClient.builder()
		.connectionTimeout(Duration.ofSeconds(5))
		.socketTimeout(Duration.ofSeconds(30))
		.build();

	AwsProvider(DiscoveryProperties properties) {
		this.settings = properties.aws();
	}

	@Override
	public String id() {
		return "aws";
	}

	@Override
	public String name() {
		return "Amazon Web Services";
	}

	@Override
	public List<CredentialField> credentialFields() {
		return List.of(new CredentialField("accessKeyId", "Access key id", false, true),
				new CredentialField("secretAccessKey", "Secret access key", true, true),
				new CredentialField("sessionToken", "Session token (temporary credentials)", true, false));
	}

	@Override
	public List<ProviderTask> tasks() {
		return TASKS;
	}

	@Override
	public boolean regional() {
		return true;
	}

	@Override
	public Mono<TestResult> test(ProviderContext context) {
		String region = context.regions().isEmpty() ? "us-east-1" : context.regions().get(0);
		return Mono.fromCallable(() -> {
			try (Ec2Client ec2 = build(Ec2Client.builder(), context, region)) {
				int zones = ec2.describeAvailabilityZones().availabilityZones().size();
				return new TestResult(true, "Connected to EC2 in " + region + " (" + zones + " availability zones)");
			}
		}).subscribeOn(Schedulers.boundedElastic()).onErrorResume(SdkException.class,
				(ex) -> Mono.just(new TestResult(false, "AWS refused: " + ex.getMessage())));
	}

	@Override
	public Flux<Page> fetch(ProviderContext context, ProviderTask task, String region) {
		String where = Connection.GLOBAL.equals(region) ? "us-east-1" : region;
		return switch (task.id()) {
			case "servers" -> pages(Ec2Client.builder(), context, where, (ec2) -> ec2
				.describeInstancesPaginator((r) -> r.maxResults(this.settings.pageSize()))
				.stream()
				.map((response) -> AwsTranslations.instances(response.reservations(), region)));
			case "volumes" -> pages(Ec2Client.builder(), context, where, (ec2) -> ec2
				.describeVolumesPaginator((r) -> r.maxResults(this.settings.pageSize()))
				.stream()
				.map((response) -> AwsTranslations.volumes(response.volumes(), region)));
			case "snapshots" -> pages(Ec2Client.builder(), context, where, (ec2) -> ec2
				.describeSnapshotsPaginator((r) -> r.ownerIds("self").maxResults(this.settings.pageSize()))
				.stream()
				.map((response) -> AwsTranslations.snapshots(response.snapshots(), region)));
			case "images" -> pages(Ec2Client.builder(), context, where, (ec2) -> java.util.stream.Stream
				.of(AwsTranslations.images(ec2.describeImages((r) -> r.owners("self")).images(), region)));
			case "networks" -> pages(Ec2Client.builder(), context, where, (ec2) -> java.util.stream.Stream.concat(
					ec2.describeVpcsPaginator((r) -> r.maxResults(this.settings.pageSize()))
						.stream()
						.map((response) -> AwsTranslations.vpcs(response.vpcs(), region)),
					java.util.stream.Stream.concat(
							ec2.describeSubnetsPaginator((r) -> r.maxResults(this.settings.pageSize()))
								.stream()
								.map((response) -> AwsTranslations.subnets(response.subnets(), region)),
							ec2.describeSecurityGroupsPaginator((r) -> r.maxResults(this.settings.pageSize()))
								.stream()
								.map((response) -> AwsTranslations.securityGroups(response.securityGroups(), region)))));
			case "loadbalancers" -> pages(ElasticLoadBalancingV2Client.builder(), context, where,
					(elb) -> elb.describeLoadBalancersPaginator((r) -> r.pageSize(400)).stream().map((response) -> {
						List<Discovered> records = new ArrayList<>();
						response.loadBalancers().forEach((lb) -> {
							List<String> targets = new ArrayList<>();
							elb.describeTargetGroupsPaginator((r) -> r.loadBalancerArn(lb.loadBalancerArn()))
								.targetGroups()
								.forEach((group) -> elb.describeTargetHealth((r) -> r.targetGroupArn(group.targetGroupArn()))
									.targetHealthDescriptions()
									.forEach((health) -> targets.add(health.target().id())));
							records.add(AwsTranslations.loadBalancer(lb, targets, region));
						});
						return records;
					}))
				.concatWith(pages(ElasticLoadBalancingClient.builder(), context, where, (elb) -> elb
					.describeLoadBalancersPaginator((r) -> r.pageSize(400))
					.stream()
					.map((response) -> AwsTranslations.classicLoadBalancers(response.loadBalancerDescriptions(), region))));
			case "databases" -> pages(RdsClient.builder(), context, where, (rds) -> rds
				.describeDBInstancesPaginator((r) -> r.maxRecords(100))
				.stream()
				.map((response) -> AwsTranslations.databases(response.dbInstances(), region)));
			case "autoscaling" -> pages(AutoScalingClient.builder(), context, where, (autoscaling) -> autoscaling
				.describeAutoScalingGroupsPaginator((r) -> r.maxRecords(100))
				.stream()
				.map((response) -> AwsTranslations.autoScalingGroups(response.autoScalingGroups(), region)));
			case "cdn" -> pages(CloudFrontClient.builder(), context, "aws-global", (cloudfront) -> java.util.stream.Stream.concat(
					markerPages((marker) -> {
						var list = cloudfront.listDistributions((r) -> r.maxItems("100").marker(marker)).distributionList();
						return new MarkerPage(AwsTranslations.distributions(list.items()),
								Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null);
					}), markerPages((marker) -> {
						var list = cloudfront.listStreamingDistributions((r) -> r.maxItems("100").marker(marker))
							.streamingDistributionList();
						return new MarkerPage(AwsTranslations.streamingDistributions(list.items()),
								Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null);
					})));
			default -> Flux.error(new IllegalArgumentException("aws has no task " + task.id()));
		};
	}

	/**
	 * Pages of one SDK client, built for the region and closed at the end. The paginator's
	 * {@code stream()} fetches lazily: each page is requested when the pipeline wants the next.
	 */
	private <C extends AutoCloseable, B extends AwsClientBuilder<B, C>> Flux<Page> pages(B builder,
			ProviderContext context, String region, Function<C, java.util.stream.Stream<List<Discovered>>> pages) {
		return Flux.using(() -> build(builder, context, region),
				(client) -> Flux.fromStream(() -> pages.apply(client)).map(Page::new),
				(client) -> {
					try {
						client.close();
					}
					catch (Exception ex) {
						// closing a client never fails a sync
					}
				})
			.subscribeOn(Schedulers.boundedElastic());
	}

	/** Pages of an API that pages with {@code Marker}/{@code NextMarker} and has no paginator. */
	private static java.util.stream.Stream<List<Discovered>> markerPages(Function<String, MarkerPage> call) {
		return java.util.stream.Stream.iterate(call.apply(null), (page) -> page != null,
				(page) -> (page.next() != null) ? call.apply(page.next()) : null).map(MarkerPage::records);
	}

	private record MarkerPage(List<Discovered> records, String next) {
	}

	private <C, B extends AwsClientBuilder<B, C>> C build(B builder, ProviderContext context, String region) {
		Map<String, String> credentials = context.credentials();
		String token = credentials.get("sessionToken");
		AwsCredentials aws = (token != null && !token.isBlank())
				? AwsSessionCredentials.create(credentials.get("accessKeyId"), credentials.get("secretAccessKey"), token)
				: AwsBasicCredentials.create(credentials.get("accessKeyId"), credentials.get("secretAccessKey"));
		builder.region(Region.of(region))
			.credentialsProvider(StaticCredentialsProvider.create(aws))
			.overrideConfiguration(ClientOverrideConfiguration.builder()
				.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy()
					.toBuilder()
					.maxAttempts(this.settings.maxAttempts())
					.build())
				.build());
		if (context.endpoint() != null) {
			builder.endpointOverride(URI.create(context.endpoint()));
		}
		if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
			sync.httpClient(this.http);
		}
		return builder.build();
	}

}
