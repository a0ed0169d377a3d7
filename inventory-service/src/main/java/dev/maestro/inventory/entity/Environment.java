package dev.maestro.inventory.entity;

/** Where a server or application runs, in the words operations teams use. */
public enum Environment {

	Production, Development, Stage

}
