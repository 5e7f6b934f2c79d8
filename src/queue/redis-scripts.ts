// The pull request's review state in Redis, changed only by these scripts, each atomic:
//   forksafe:pull:<owner/repo#n>  hash  pending / pendingSha   the newest request not started yet
//                                       running / runningSha   the request under review
//                                       checkRun               its check run, once created
//                                       superseded             "1" once a newer head is pending
//                                       newest                 the latest `updated_at` seen
//   forksafe:done:<owner/repo#n>  list  the last 50 heads reviewed to the end
//   forksafe:delivery:<id>        string X-GitHub-Delivery ids already taken (7 days)
// Lua compares the SHAs as stored strings and never decodes the request's JSON.
import type { Redis } from "ioredis";

/** Turns a request away (returns the reason) or stores it as the pull request's pending one ("ok"). */
const ENQUEUE = `
local function has(list, value) for _, v in ipairs(list) do if v == value then return true end end return false end
local sha, updated = ARGV[2], ARGV[3]
if redis.call('EXISTS', KEYS[1]) == 1 then return 'delivery already handled' end
local pendingSha = redis.call('HGET', KEYS[2], 'pendingSha')
local runningSha = redis.call('HGET', KEYS[2], 'runningSha')
local superseded = redis.call('HGET', KEYS[2], 'superseded') == '1'
local newest = redis.call('HGET', KEYS[2], 'newest')
local done = redis.call('LRANGE', KEYS[3], 0, -1)
local known = pendingSha == sha or runningSha == sha or has(done, sha)
if updated ~= '' and newest and updated < newest and not known then return 'the event for ' .. sha .. ' is older than one already seen' end
if runningSha == sha and not superseded then return sha .. ' is already being reviewed' end
if pendingSha == sha then return sha .. ' is already queued' end
if ARGV[4] ~= '1' and has(done, sha) then return sha .. ' was already reviewed' end
redis.call('SET', KEYS[1], '1', 'EX', ARGV[5])
if updated ~= '' and (not newest or updated > newest) then redis.call('HSET', KEYS[2], 'newest', updated) end
redis.call('HSET', KEYS[2], 'pending', ARGV[1], 'pendingSha', sha)
if runningSha and runningSha ~= sha then redis.call('HSET', KEYS[2], 'superseded', '1') end
redis.call('EXPIRE', KEYS[2], ARGV[6])
return 'ok'`;

/**
 * The request to run now: the running one when a previous attempt did not finish it (crash,
 * retry), with its check run; else the pending one, which becomes the running one.
 */
const CLAIM = `
local running = redis.call('HGET', KEYS[1], 'running')
if running then return {running, redis.call('HGET', KEYS[1], 'checkRun') or '', '1'} end
local pending = redis.call('HGET', KEYS[1], 'pending')
if not pending then return false end
redis.call('HSET', KEYS[1], 'running', pending, 'runningSha', redis.call('HGET', KEYS[1], 'pendingSha'))
redis.call('HDEL', KEYS[1], 'pending', 'pendingSha', 'superseded', 'checkRun')
return {pending, '', ''}`;

/** Ends the running request; remembers its head as reviewed when it ran to the end. */
const FINISH = `
redis.call('HDEL', KEYS[1], 'running', 'runningSha', 'checkRun')
if ARGV[2] == '1' then
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('LTRIM', KEYS[2], -50, -1)
  redis.call('EXPIRE', KEYS[2], ARGV[3])
end
return 1`;

const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
const STATE_TTL_SECONDS = 30 * 24 * 3600;

export interface Claimed {
  request: string;
  checkRunId?: number;
  /** A previous attempt had started it. */
  resumed: boolean;
}

export class PullStates {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(key: string) {
    return { pull: `${this.prefix}:pull:${key}`, done: `${this.prefix}:done:${key}` };
  }

  async enqueue(key: string, deliveryId: string, request: string, sha: string, updatedAt: string, force: boolean): Promise<string> {
    const { pull, done } = this.keys(key);
    const args = [request, sha, updatedAt, force ? "1" : "0", String(DELIVERY_TTL_SECONDS), String(STATE_TTL_SECONDS)];
    return (await this.redis.eval(ENQUEUE, 3, `${this.prefix}:delivery:${deliveryId}`, pull, done, ...args)) as string;
  }

  async claim(key: string): Promise<Claimed | undefined> {
    const answer = (await this.redis.eval(CLAIM, 1, this.keys(key).pull)) as [string, string, string] | null;
    if (!answer) return undefined;
    return { request: answer[0], resumed: answer[2] === "1", ...(answer[1] ? { checkRunId: Number(answer[1]) } : {}) };
  }

  async setCheckRun(key: string, id: number): Promise<void> {
    await this.redis.hset(this.keys(key).pull, "checkRun", String(id));
  }

  async superseded(key: string): Promise<boolean> {
    return (await this.redis.hget(this.keys(key).pull, "superseded")) === "1";
  }

  async finish(key: string, sha: string, reviewed: boolean): Promise<void> {
    const { pull, done } = this.keys(key);
    await this.redis.eval(FINISH, 2, pull, done, sha, reviewed ? "1" : "0", String(STATE_TTL_SECONDS));
  }
}
