import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_DEMO_PASSWORD, loadConfig } from './config.js';

const strongSecret = 'x'.repeat(40);

describe('settings from the environment', () => {
  it('has working defaults for trying TellOnce on a bare machine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toMatch(/data$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.demoMode).toBe(true);
    expect(config.demoPassword).toBe(DEFAULT_DEMO_PASSWORD);
  });

  it('takes PORT, DATA_DIR, DATABASE_URL and DEMO_PASSWORD', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/tellonce-x',
      DATABASE_URL: 'postgres://u@127.0.0.1/db',
      DEMO_PASSWORD: 'another-demo-password',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/tmp/tellonce-x',
      databaseUrl: 'postgres://u@127.0.0.1/db',
      demoPassword: 'another-demo-password',
    });
  });

  it('refuses to start in production without a strong session secret, saying what to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', SESSION_SECRET: 'short' })).toThrow(
      /SESSION_SECRET must be set to a random value of at least 32 characters/,
    );
  });

  it('refuses to start in production on the embedded database', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: strongSecret })).toThrow(/DATABASE_URL must be set/);
  });

  it('never creates demo data in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: strongSecret,
      DATABASE_URL: 'postgres://u@h/db',
      DEMO_PASSWORD: 'set-anyway-1234',
    });
    expect(config.demoMode).toBe(false);
  });

  it('rejects settings that are not what they should be', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV must be/);
  });

  it('sends messages through GOV.UK Notify only with both a key and a template, and links to the public address', () => {
    const plain = loadConfig({ PORT: '4000' });
    expect(plain.notify).toEqual({ apiKey: undefined, emailTemplateId: undefined });
    expect(plain.publicBaseUrl).toBe('http://localhost:4000');
    const sending = loadConfig({
      NOTIFY_API_KEY: 'key-123',
      NOTIFY_EMAIL_TEMPLATE_ID: 'template-456',
      PUBLIC_BASE_URL: 'https://tellonce.example.org',
    });
    expect(sending.notify).toEqual({ apiKey: 'key-123', emailTemplateId: 'template-456' });
    expect(sending.publicBaseUrl).toBe('https://tellonce.example.org');
    expect(() => loadConfig({ NOTIFY_API_KEY: 'key-123' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFY_API_KEY: 'key-123' })).toThrow(/NOTIFY_EMAIL_TEMPLATE_ID must be set/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'tellonce.example.org' })).toThrow(/PUBLIC_BASE_URL must start with/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://tellonce.example.org/' })).toThrow(/must not end with a slash/);
  });
});
