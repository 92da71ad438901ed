/**
 * A network that loses Produce responses, for the idempotence lesson ({@code IdempotenceLab} part c) and exercise 6:
 * a TCP proxy in front of a broker's extra listener, the broker behind it, and the experiment both run (send one at a
 * time, lose every n-th answer, count what the topic holds). Plumbing shared by two modules, no lesson text.
 */
package dev.kafka101.local.lossy;
