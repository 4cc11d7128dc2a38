/** Builds the Express app from its dependencies; server.ts alone listens. */
import path from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Deps } from './deps';
import { accountRoutes } from './account';
import { adminRoutes } from './admin';
import { analyticsRoutes } from './analytics';
import { archivedAppointmentFor, archiveRoutes } from './archive';
import { appointmentRoutes } from './appointments';
import { auditRoutes } from './audit';
import { authRoutes, loadSessionUser, requireTwoStepEnrolment } from './auth';
import { bloodbankRoutes } from './bloodbank';
import { devRoutes } from './dev';
import { bloodBankReads, donationBookingRoutes } from './donation-booking';
import { DOCTOR_PROFILE_UPLOADS, doctorProfileRoutes } from './doctor-profile';
import { findCareRoutes } from './find-care';
import { homeRoutes } from './home';
import { jobRoutes } from './jobs';
import { adminOutboxRoutes, exposeUnreadCount, inboxRoutes } from './notifications';
import { formatInstant, formatPhone, type InstantStyle } from './platform/format';
import { errorHandler, notFound } from './platform/http/error-handler';
import { BadRequestError } from './platform/http/errors';
import { healthRoutes } from './platform/http/health';
import { prescriptionRoutes } from './prescriptions';
import { recordsRoutes, recordsUploads } from './records';
import { requestLog } from './platform/http/request-log';
import { healthTimelineRoutes } from './timeline';
import { noStoreWhenSignedIn, rejectCrossSiteWrites, securityHeaders } from './platform/http/security';
import { parseUploads } from './platform/http/uploads';
import { csrfProtection, exposeCsrfToken } from './platform/session/csrf';
import { exposeFlash } from './platform/session/flash';
import { sessionMiddleware } from './platform/session';

export function createApp(deps: Deps): express.Express {
  const { config, db, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.set('view engine', 'ejs');
  app.set('views', path.join(config.projectRoot, 'views'));
  app.locals.hospitalName = config.hospitalName;
  app.locals.localMode = config.mode === 'local';
  app.locals.formatPhone = formatPhone;
  app.locals.formatInstant = (iso: string, style?: InstantStyle) => formatInstant(iso, config.timeZone, style);

  app.use(requestLog(logger), deps.metrics.measureRequests);
  app.use(viewDefaults);
  app.use(securityHeaders());
  const cacheFor = config.env === 'production' ? '7d' : 0;
  app.use(express.static(path.join(config.projectRoot, 'public'), { maxAge: cacheFor }));
  app.use('/vendor/chart.js', express.static(path.join(config.projectRoot, 'node_modules/chart.js/dist'), { maxAge: cacheFor }));
  app.use(healthRoutes(db));
  if (config.session.secureCookies) app.use(requireHttps(logger));
  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 100 }));
  app.use(cookieParser(config.session.secrets as string[]));
  app.use(sessionMiddleware(config, db));
  app.use(rejectCrossSiteWrites);
  // Multipart forms carry their CSRF token in the body too: the listed ones are read before the check.
  app.use(parseUploads([...DOCTOR_PROFILE_UPLOADS, ...recordsUploads(config)]));
  app.use(csrfProtection);
  app.use(loadSessionUser(config, db), requireTwoStepEnrolment(config));
  app.use(noStoreWhenSignedIn, exposeFlash, exposeCsrfToken);

  app.use(exposeUnreadCount(db), inboxRoutes(deps));
  app.use(homeRoutes(deps));
  app.use(authRoutes(deps));
  app.use(accountRoutes(deps));
  app.use(findCareRoutes(deps));
  app.use(doctorProfileRoutes(deps));
  app.use(appointmentRoutes(deps, { readArchivedVisit: (user, appointmentId) => archivedAppointmentFor(deps, user, appointmentId) }));
  app.use(prescriptionRoutes(deps));
  app.use(donationBookingRoutes(deps, deps.bloodBankReads ?? bloodBankReads(deps)));
  app.use(healthTimelineRoutes(deps));
  app.use(recordsRoutes(deps));
  app.use(adminRoutes(deps));
  app.use(adminOutboxRoutes(deps));
  app.use(jobRoutes(deps));
  app.use(analyticsRoutes(deps));
  app.use(archiveRoutes(deps));
  app.use(auditRoutes(deps));
  app.use(bloodbankRoutes(deps));
  if (config.mode === 'local') app.use(devRoutes(deps));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

/** Every view can rely on these, even an error page rendered before the session loaded. */
function viewDefaults(req: Request, res: Response, next: NextFunction): void {
  res.locals.currentUser = undefined;
  res.locals.flash = [];
  res.locals.csrfToken = () => '';
  res.locals.currentPath = req.path;
  next();
}

/**
 * Behind nginx every request must arrive as HTTPS (X-Forwarded-Proto). Without it express-session
 * would silently drop the Secure cookie and log-in would look broken, so refuse loudly instead.
 */
function requireHttps(logger: Deps['logger']) {
  let warned = false;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.secure) return next();
    if (!warned) {
      logger.error('insecure request refused: set X-Forwarded-Proto in nginx and MEDTRACK_TRUST_PROXY_HOPS');
      warned = true;
    }
    next(new BadRequestError('MedTrack must be reached over HTTPS.'));
  };
}
