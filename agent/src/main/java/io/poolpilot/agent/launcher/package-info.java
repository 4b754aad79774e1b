/**
 * The agent's entry point. Like the bootstrap bridge it sits at the top of the agent jar, uses JDK
 * types only and does as little as it can: it honours the kill switch, makes sure the bridge is on
 * the bootstrap class path, and hands over to the rest of the agent inside its own class loader.
 */
package io.poolpilot.agent.launcher;
