// Services started by the end-to-end tests log warnings and errors only.
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
// The dev broker holds a departed group member until its session expires (see ServiceConfig).
process.env.KAFKA_SESSION_TIMEOUT_MS = process.env.KAFKA_SESSION_TIMEOUT_MS || '6000';
