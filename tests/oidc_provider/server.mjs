// An OpenID Provider for Wijkpartner's single sign-on tests: panva's certified oidc-provider,
// on 127.0.0.1 and a free port, with a plain login page that a browser or an HTTP client can fill in.
//
// Started by tests/oidc_provider/fixtures.py; never used outside the tests. It prints one line
// of JSON ({"issuer": ...}) when it is ready and stops on SIGTERM.
//
// What the tests set up at run time, with `Authorization: Bearer $OIDC_TEST_CONTROL_TOKEN`:
// - clients through standard Dynamic Client Registration (POST /reg, the token is the initial access token);
// - accounts through PUT /_test/accounts/<sub> {password, claims: {email, name, groups, ...}}.
//
// PKCE (S256) is required for every client; ID tokens are signed with RS256; scope claims go to the
// userinfo endpoint (conformIdTokenClaims), as with most providers.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const CONTROL_TOKEN = process.env.OIDC_TEST_CONTROL_TOKEN;
if (!CONTROL_TOKEN || CONTROL_TOKEN.length < 16) {
  console.error('OIDC_TEST_CONTROL_TOKEN (16+ characters) is required');
  process.exit(2);
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-op-1', use: 'sig', alg: 'RS256' };

// sub -> { password, claims }
const accounts = new Map();

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Test-inlogdienst</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body>
</html>`;
}

function loginForm(uid, error = '', login = '') {
  return page('Inloggen bij de gemeente', `
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
  <p><label for="login">Gebruikersnaam</label><br><input id="login" name="login" value="${escape(login)}" required></p>
  <p><label for="password">Wachtwoord</label><br><input id="password" name="password" type="password" required></p>
  <p><button type="submit">Inloggen</button></p>
</form>`);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

const configuration = {
  clients: [],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  async findAccount(ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account.claims, sub }) };
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true, initialAccessToken: CONTROL_TOKEN },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Uitloggen bij de gemeente', `${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee, ingelogd blijven</button></p>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Uitgelogd', '<p>U bent uitgelogd bij de gemeente.</p>');
      },
    },
  },
  // The municipality's own application: no consent screen, the scopes it asks for are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Fout bij de inlogdienst', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
};

async function control(req, res, url) {
  if (req.headers.authorization !== `Bearer ${CONTROL_TOKEN}`) return send(res, 401, 'unauthorised', 'text/plain');
  const match = url.pathname.match(/^\/_test\/accounts\/([^/]+)$/);
  if (match && req.method === 'PUT') {
    const { password, claims } = JSON.parse(await readBody(req));
    accounts.set(decodeURIComponent(match[1]), { password, claims: claims || {} });
    return send(res, 204, '');
  }
  return send(res, 404, 'not found', 'text/plain');
}

async function interaction(provider, req, res, url) {
  const [, uid, action] = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/) || [];
  if (!uid) return send(res, 404, page('Niet gevonden', ''));
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {
    // Consent is given by loadExistingGrant; any other prompt is finished as it is.
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET' && !action) return send(res, 200, loginForm(uid));
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') || '';
    const account = accounts.get(login);
    if (!account || account.password !== form.get('password')) {
      return send(res, 200, loginForm(uid, 'Gebruikersnaam of wachtwoord onjuist.', login));
    }
    // amr: the provider did its own second factor, as a municipal identity provider would.
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: login, amr: ['pwd', 'otp'] } },
      { mergeWithLastSubmission: false },
    );
  }
  return send(res, 405, page('Niet toegestaan', ''));
}

const server = http.createServer();
server.listen(0, HOST, () => {
  const { port } = server.address();
  const issuer = `http://${HOST}:${port}`;
  const provider = new Provider(issuer, configuration);
  const handle = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    try {
      if (url.pathname.startsWith('/_test/')) return await control(req, res, url);
      if (url.pathname.startsWith('/interaction/')) return await interaction(provider, req, res, url);
      return handle(req, res);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) send(res, 500, page('Fout', `<pre>${escape(error.message)}</pre>`));
    }
  });
  console.log(JSON.stringify({ issuer }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
