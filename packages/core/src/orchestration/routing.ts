import type { InboundEvent, InboundMessageEvent } from '../adapters/inbound';
import type { BroadcastResult, BroadcastTarget } from './broadcast';
import type { PortableMessage } from './portable-message';

/** A rule that forwards inbound messages from some platforms to chat targets. */
export interface RouteRule {
  /** Adapter name(s) whose inbound messages this rule takes; all when omitted. */
  from?: string | string[] | undefined;
  to: BroadcastTarget[];
  /** Forward only messages that pass: a predicate, or a case-insensitive word/phrase the text must contain. */
  filter?: ((event: InboundMessageEvent) => boolean) | string | undefined;
  /** Builds the forwarded message; default `[<from>] <sender>: <text>`. */
  transform?: ((event: InboundMessageEvent) => PortableMessage) | undefined;
}

/** Result of one forwarding. */
export interface RouteDelivery {
  rule: RouteRule;
  event: InboundMessageEvent;
  result: BroadcastResult;
}

/**
 * Matches inbound messages against rules and forwards them, with loop protection: messages sent by
 * the bus itself (remembered by platform id) and messages from bots are never forwarded, so two
 * rules forwarding A→B and B→A cannot ping-pong.
 */
export class Router {
  private readonly rules: RouteRule[] = [];
  /** Messages the bus sent, oldest first (a Set keeps insertion order, so eviction is O(1)). */
  private readonly sentByBus = new Set<string>();

  constructor(
    private readonly send: (message: PortableMessage, targets: BroadcastTarget[]) => Promise<BroadcastResult>,
    private readonly memory = 10_000,
  ) {}

  /** Adds a rule; returns a function that removes it. */
  add(rule: RouteRule): () => void {
    this.rules.push(rule);
    return () => {
      const index = this.rules.indexOf(rule);
      if (index >= 0) this.rules.splice(index, 1);
    };
  }

  /** True when at least one rule is active (only then are sent messages remembered). */
  get active(): boolean {
    return this.rules.length > 0;
  }

  /** Remembers a message the bus sent, so it is never forwarded back. */
  rememberSent(provider: string, chatId: string, messageId: string): void {
    const key = `${provider}\u0000${chatId}\u0000${messageId}`;
    if (this.sentByBus.has(key)) return;
    this.sentByBus.add(key);
    if (this.sentByBus.size > this.memory) {
      const oldest = this.sentByBus.values().next().value;
      if (oldest !== undefined) this.sentByBus.delete(oldest);
    }
  }

  /** Forwards `event` by every matching rule. */
  async dispatch(event: InboundEvent): Promise<RouteDelivery[]> {
    if (event.type !== 'message' || this.rules.length === 0) return [];
    if (event.message.sender.isBot) return [];
    if (this.sentByBus.has(`${event.provider}\u0000${event.message.chatId}\u0000${event.message.id}`))
      return [];
    const deliveries: RouteDelivery[] = [];
    for (const rule of this.rules) {
      if (!matches(rule, event)) continue;
      const targets = rule.to.filter(
        (t) => !(t.provider === event.provider && t.chatId === event.message.chatId),
      );
      if (targets.length === 0) continue;
      const message = rule.transform?.(event) ?? {
        text: `[${event.provider}] ${event.message.sender.name ?? event.message.sender.id}: ${event.message.text ?? ''}`,
      };
      const result = await this.send(message, targets);
      for (const r of result.results)
        if (r.status === 'sent') this.rememberSent(r.target.provider, r.target.chatId, r.message.id);
      deliveries.push({ rule, event, result });
    }
    return deliveries;
  }
}

function matches(rule: RouteRule, event: InboundMessageEvent): boolean {
  const from = rule.from === undefined ? undefined : Array.isArray(rule.from) ? rule.from : [rule.from];
  if (from && !from.includes(event.provider)) return false;
  if (typeof rule.filter === 'string')
    return (event.message.text ?? '').toLowerCase().includes(rule.filter.toLowerCase());
  if (typeof rule.filter === 'function') return rule.filter(event);
  return true;
}
