package dev.maestro.gateway.jwt;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Puts a {@link CachingJwtDecoder} in front of whichever {@link ReactiveJwtDecoder} the
 * application uses (the request library's, against inventory-service's key set), leaving how
 * that decoder is built to the library.
 */
@Configuration(proxyBeanMethods = false)
class AccessTokenCacheConfiguration {

	@Bean
	static BeanPostProcessor cachingJwtDecoderPostProcessor(ObjectProvider<AccessTokenCacheProperties> properties) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof ReactiveJwtDecoder decoder) || bean instanceof CachingJwtDecoder) {
					return bean;
				}
				long maxCached = properties.getObject().maxCached();
				return (maxCached > 0) ? new CachingJwtDecoder(decoder, maxCached) : bean;
			}

		};
	}

}
