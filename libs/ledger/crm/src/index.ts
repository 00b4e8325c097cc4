export * from './lib/crm.config';
export * from './lib/crm.module';
export * from './lib/encryption/field-cipher';
export * from './lib/encryption/key-ring';
export * from './lib/holders/holders.service';
