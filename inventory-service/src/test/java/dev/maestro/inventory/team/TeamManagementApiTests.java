package dev.maestro.inventory.team;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.maestro.request.messaging.MaestroTopology;
import dev.maestro.request.messaging.MessageTypes;

import dev.maestro.inventory.InventoryApi;
import dev.maestro.inventory.InventoryApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Renaming teams, changing roles, keeping an OWNER, deleting teams, avatars. */
@InventoryApiTest
class TeamManagementApiTests {

	@Autowired
	WebTestClient client;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	RabbitAdmin rabbitAdmin;

	InventoryApi api;

	InventoryApi.User owner;

	InventoryApi.User admin;

	InventoryApi.User editor;

	String teamId;

	@BeforeEach
	void createTeamWithOwnerAdminAndEditor() {
		this.api = new InventoryApi(this.client);
		this.owner = this.api.newUser();
		this.admin = this.api.newUser();
		this.editor = this.api.newUser();
		this.teamId = this.api.newTeam(this.owner, "Payments");
		this.api.addMember(this.owner, this.teamId, this.admin, "ADMIN");
		this.api.addMember(this.owner, this.teamId, this.editor, "EDITOR");
	}

	String team() {
		return "/api/teams/" + this.teamId;
	}

	@Test
	void anAdminRenamesTheTeamAndAnEditorCannot() {
		Map<String, Object> renamed = this.api.call(HttpMethod.PATCH, team(), this.admin.bearer(),
				Map.of("name", "Payments EU"), 200);
		assertThat(renamed).containsEntry("name", "Payments EU").containsEntry("role", "ADMIN");

		this.api.call(HttpMethod.PATCH, team(), this.editor.bearer(), Map.of("name", "Mine now"), 403);
		assertThat(this.api.call(HttpMethod.GET, team(), this.editor.bearer(), null, 200)).containsEntry("name",
				"Payments EU");
	}

	@Test
	void everyMembershipChangeIsAnnouncedSoOtherServicesActBeforeTokensExpire() {
		Queue queue = new Queue("maestro.test." + UUID.randomUUID(), false, true, false);
		this.rabbitAdmin.declareQueue(queue);
		MaestroTopology.bindEvents(queue, MessageTypes.MEMBERSHIP_CHANGED).forEach(this.rabbitAdmin::declareBinding);

		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.editor.id(), this.admin.bearer(),
				Map.of("role", "VIEWER"), 200);
		this.api.call(HttpMethod.DELETE, team() + "/members/" + this.editor.id(), this.admin.bearer(), null, 204);

		// The join of the set-up may still be on its way through the outbox: read until the removal.
		List<String> seen = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (seen.stream().noneMatch((body) -> body.contains("\"role\":null")) && System.nanoTime() < deadline) {
			Message message = this.rabbit.receive(queue.getName(), 1000);
			String body = (message != null) ? new String(message.getBody()) : "";
			if (body.contains(this.teamId) && body.contains(this.editor.id())) {
				seen.add(body);
			}
		}
		assertThat(seen).isNotEmpty().allSatisfy((body) -> assertThat(body).contains("\"type\":\"inventory.membership.changed\""));
		assertThat(seen.get(seen.size() - 1)).contains("\"role\":null");
		assertThat(seen.get(seen.size() - 2)).contains("\"role\":\"VIEWER\"");
	}

	@Test
	void theLastOwnerCanNeitherStepDownNorLeave() {
		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.owner.id(), this.owner.bearer(),
				Map.of("role", "ADMIN"), 409);
		this.api.call(HttpMethod.DELETE, team() + "/members/" + this.owner.id(), this.owner.bearer(), null, 409);

		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.admin.id(), this.owner.bearer(),
				Map.of("role", "OWNER"), 200);
		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.owner.id(), this.owner.bearer(),
				Map.of("role", "VIEWER"), 200);
	}

	@Test
	void onlyAnOwnerGrantsOrRemovesOwnership() {
		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.editor.id(), this.admin.bearer(),
				Map.of("role", "OWNER"), 403);
		this.api.call(HttpMethod.DELETE, team() + "/members/" + this.owner.id(), this.admin.bearer(), null, 403);
		this.api.call(HttpMethod.PATCH, team() + "/members/" + this.editor.id(), this.admin.bearer(),
				Map.of("role", "VIEWER"), 200);
	}

	@Test
	void aMemberMayLeaveButNotRemoveOthersWithoutAdmin() {
		this.api.call(HttpMethod.DELETE, team() + "/members/" + this.admin.id(), this.editor.bearer(), null, 403);
		this.api.call(HttpMethod.DELETE, team() + "/members/" + this.editor.id(), this.editor.bearer(), null, 204);
		this.api.call(HttpMethod.GET, team(), this.editor.bearer(), null, 404);
	}

	@Test
	void onlyAnOwnerDeletesATeamAndThenItIsGoneForEveryone() {
		this.api.call(HttpMethod.DELETE, team(), this.admin.bearer(), null, 403);
		this.api.call(HttpMethod.DELETE, team(), this.owner.bearer(), null, 204);
		this.api.call(HttpMethod.GET, team(), this.owner.bearer(), null, 404);
		this.api.call(HttpMethod.GET, team() + "/members", this.admin.bearer(), null, 404);
	}

	@Test
	void aPersonalTeamCannotBeDeleted() {
		this.api.call(HttpMethod.DELETE, "/api/teams/" + this.owner.personalTeamId(), this.owner.bearer(), null, 409);
	}

	@Test
	void anAvatarIsStoredAsSentAndOnlyRealImagesAreAccepted() {
		byte[] png = new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R' };
		this.client.put()
			.uri(team() + "/avatar")
			.header("Authorization", this.admin.bearer())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(png)
			.exchange()
			.expectStatus()
			.isNoContent();

		byte[] stored = this.client.get()
			.uri(team() + "/avatar")
			.header("Authorization", this.editor.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_PNG)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(stored).isEqualTo(png);
		assertThat(this.api.call(HttpMethod.GET, team(), this.editor.bearer(), null, 200)).containsEntry("avatarUrl",
				team() + "/avatar");

		this.client.put()
			.uri(team() + "/avatar")
			.header("Authorization", this.admin.bearer())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue("<script>alert(1)</script>".getBytes())
			.exchange()
			.expectStatus()
			.isBadRequest();
		byte[] huge = Arrays.copyOf(png, 300 * 1024);
		this.client.put()
			.uri(team() + "/avatar")
			.header("Authorization", this.admin.bearer())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(huge)
			.exchange()
			.expectStatus()
			.isEqualTo(413);
		this.client.put()
			.uri(team() + "/avatar")
			.header("Authorization", this.editor.bearer())
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(png)
			.exchange()
			.expectStatus()
			.isForbidden();
	}

}
