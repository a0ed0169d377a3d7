package dev.maestro.inventory.identity;

import java.time.Instant;

import dev.maestro.inventory.token.RefreshTokens;
import dev.maestro.inventory.token.Secrets;
import dev.maestro.request.web.ProblemException;
import dev.maestro.request.web.Problems;
import jakarta.mail.internet.InternetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Forgotten passwords: a single-use link by e-mail, then a new password. Whether an address has
 * an account is never revealed: asking for a reset always answers the same.
 */
@Service
class PasswordResets {

	private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

	private final UserRepository users;

	private final ReactiveMongoOperations mongo;

	private final ObjectProvider<JavaMailSender> mail;

	private final PasswordEncoder passwords;

	private final RefreshTokens refreshTokens;

	private final PasswordResetProperties properties;

	PasswordResets(UserRepository users, ReactiveMongoOperations mongo, ObjectProvider<JavaMailSender> mail,
			PasswordEncoder passwords, RefreshTokens refreshTokens, PasswordResetProperties properties) {
		this.users = users;
		this.mongo = mongo;
		this.mail = mail;
		this.passwords = passwords;
		this.refreshTokens = refreshTokens;
		this.properties = properties;
	}

	/** Sends a reset link if the address has an account; completes the same way either way. */
	Mono<Void> request(String email) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return Mono.error(new ProblemException(Problems.unavailable(
					"E-mail is not configured on this Maestro (spring.mail.host): ask an administrator to reset your password"))
				.withHeader(HttpHeaders.RETRY_AFTER, "3600"));
		}
		return this.users.findByEmail(Users.normalize(email)).flatMap((user) -> {
			String token = Secrets.generate();
			PasswordReset reset = new PasswordReset(Secrets.hash(token), user.id(),
					Instant.now().plus(this.properties.tokenTtl()), null);
			return this.mongo.insert(reset).then(send(sender, user, token));
		});
	}

	/** Sets a new password with a valid link's token, and signs the user out everywhere. */
	Mono<Void> reset(String token, String newPassword) {
		Instant now = Instant.now();
		Query usable = Query.query(Criteria.where("_id")
			.is(Secrets.hash(token))
			.and("usedAt")
			.is(null)
			.and("expiresAt")
			.gt(now));
		return this.mongo.findAndModify(usable, new Update().set("usedAt", now),
				FindAndModifyOptions.options().returnNew(false), PasswordReset.class)
			.switchIfEmpty(Mono.error(
					() -> new ProblemException(Problems.invalid("token", "is invalid, expired or already used"))))
			.flatMap((reset) -> this.users.findById(reset.userId()))
			.flatMap((user) -> {
				String weakness = PasswordPolicy.problem(newPassword, user.email());
				if (weakness != null) {
					// The link stays usable for a better password.
					return this.mongo
						.updateFirst(Query.query(Criteria.where("_id").is(Secrets.hash(token))),
								new Update().unset("usedAt"), PasswordReset.class)
						.then(Mono.error(new ProblemException(Problems.invalid("newPassword", weakness))));
				}
				return Mono.fromCallable(() -> this.passwords.encode(newPassword))
					.subscribeOn(Schedulers.boundedElastic())
					.flatMap((hash) -> this.users.save(new User(user.id(), user.email(), user.name(), hash,
							user.createdAt())))
					.then(this.refreshTokens.revokeAll(user.id()));
			});
	}

	private Mono<Void> send(JavaMailSender sender, User user, String token) {
		String link = UriComponentsBuilder.fromUriString(this.properties.webUrl())
			.path("/reset-password")
			.queryParam("token", token)
			.build()
			.toUriString();
		return Mono.fromRunnable(() -> {
			try {
				var message = sender.createMimeMessage();
				MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
				helper.setFrom(new InternetAddress(this.properties.from()));
				helper.setTo(user.email());
				helper.setSubject("Reset your Maestro password");
				helper.setText("Hello " + user.name() + ",\n\nSomeone asked to reset the password of your Maestro "
						+ "account. If it was you, open this link within " + this.properties.tokenTtl().toMinutes()
						+ " minutes:\n\n" + link + "\n\nIf it was not you, ignore this e-mail: your password has not "
						+ "changed.\n");
				sender.send(message);
			}
			catch (Exception ex) {
				// Never tell the caller: it would reveal that the account exists.
				log.error("Could not send the password-reset e-mail to user {}", user.id(), ex);
			}
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

}
