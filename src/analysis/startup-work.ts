// Database work that runs while the application loads: what startup/ finds, before the
// entry-point join gives it a level.
import type { Hazard } from "./summaries/facts.js";
import type { ChainStep, Fix, LibraryStep, Location } from "./types.js";

export interface StartupWork {
  /**
   * FS101 ready(), FS102 import-time module code, FS103 wsgi.py/asgi.py after setup; FS201-FS203
   * for what else fork breaks (`hazard` says what).
   */
  ruleId: string;
  /** Set for FS201-FS203: a thread, scheduler, client or engine connect rather than a query. */
  hazard?: Hazard;
  /** The database call itself. */
  location: Location;
  /** What was found, e.g. "`Site.objects.get_current()` queries the database". */
  message: string;
  /** From the startup code to the call; empty when the call is in the startup code itself. */
  chain: ChainStep[];
  /** Inside a library, after `location` (the call into it): see Finding.libraryChain. */
  libraryChain?: LibraryStep[];
  fix?: Fix;
  /**
   * FS101 only: the `connections.close_all()` that ends the same ready() unconditionally,
   * after this work. The master closes what it opened before forking, so the join may treat
   * it as a master-side close.
   */
  closedInMaster?: Location;
  /**
   * Set when the work runs from gunicorn's config file (its module code, what it imports, its
   * master hooks): that file's path. The master runs it before fork with or without preload.
   */
  inMaster?: string;
}
