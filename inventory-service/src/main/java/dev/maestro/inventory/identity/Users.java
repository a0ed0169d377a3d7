package dev.maestro.inventory.identity;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Looks users up for other features (membership by e-mail, profile). */
@Component
public class Users {

	private final UserRepository users;

	Users(UserRepository users) {
		this.users = users;
	}

	public Mono<UserView> byEmail(String email) {
		return this.users.findByEmail(normalize(email)).map(UserView::of);
	}

	public Mono<UserView> byId(String id) {
		return this.users.findById(id).map(UserView::of);
	}

	static String normalize(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	/** A user as the API shows them: never with a password hash. */
	public record UserView(String id, String email, String name) {

		static UserView of(User user) {
			return new UserView(user.id(), user.email(), user.name());
		}

	}

}
