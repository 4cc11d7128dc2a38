/**
 * pm2 process file: `pm2 start ecosystem.config.js --env production`.
 * Runs the compiled server (npm run build first) in cluster mode; every process shares the
 * DynamoDB tables, sessions and rate limits, so any process can serve any request.
 */
module.exports = {
  apps: [
    {
      name: 'medtrack',
      script: 'dist/src/server.js',
      cwd: __dirname,
      exec_mode: 'cluster',
      instances: process.env.MEDTRACK_INSTANCES || 'max',
      max_memory_restart: '512M',
      // Wait for process.send('ready') after start-up, and give in-flight requests time on stop.
      wait_ready: true,
      listen_timeout: 20000,
      kill_timeout: 10000,
      out_file: 'logs/medtrack.out.log',
      error_file: 'logs/medtrack.err.log',
      merge_logs: true,
      time: true,
      env: {
        NODE_ENV: 'development',
      },
      env_production: {
        NODE_ENV: 'production',
        MEDTRACK_MODE: 'aws',
      },
    },
  ],
};
