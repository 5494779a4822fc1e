package io.eventstream.orders.board;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** /board/ is the page in static/board/index.html. */
@Configuration(proxyBeanMethods = false)
class BoardPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/board", "/board/");
        registry.addViewController("/board/").setViewName("forward:/board/index.html");
    }
}
