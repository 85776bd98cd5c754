/**
 * Master data beyond products (issue 6): product registrations and class codes, certifications, locations,
 * licences, batches, equipment, documents, certificates of compliance, EPCIS vocabularies, and the capture-time
 * records of the profile check (gaps, input applications, blasting jobs).
 */
import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialects/index.js';

const TABLES = [
  'blasting_job_events',
  'input_applications',
  'profile_gaps',
  'vocabulary_elements',
  'certificate_sources',
  'compliance_certificates',
  'equipment',
  'batch_documents',
  'batches',
  'licences',
  'locations',
  'product_certifications',
  'documents',
  'product_codes',
] as const;

export async function up(db: Kysely<unknown>, d: DialectCapabilities): Promise<void> {
  const big = d.bigintType;
  await db.schema.alterTable('products').addColumn('registration_no', 'text').execute();
  await db.schema.alterTable('products').addColumn('attributes', d.jsonType).execute();
  await db.schema.createIndex('products_gtin').on('products').column('gtin').execute();

  await d
    .addIdColumn(db.schema.createTable('product_codes'))
    .addColumn('product_id', big, (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('prefix', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('product_codes_prefix_unique')
    .on('product_codes')
    .column('prefix')
    .unique()
    .execute();

  await d
    .addIdColumn(db.schema.createTable('documents'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_org').on('documents').columns(['org_id', 'id']).execute();

  await d
    .addIdColumn(db.schema.createTable('product_certifications'))
    .addColumn('product_id', big, (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('number', 'varchar(64)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('document_id', big, (c) => c.references('documents.id'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('product_certifications_product')
    .on('product_certifications')
    .column('product_id')
    .execute();

  await d
    .addIdColumn(db.schema.createTable('locations'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('identifier', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('division_code', 'varchar(12)', (c) => c.references('divisions.code'))
    .addColumn('address', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('source', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('locations_identifier_unique')
    .on('locations')
    .column('identifier')
    .unique()
    .execute();
  await db.schema.createIndex('locations_org').on('locations').columns(['org_id', 'id']).execute();

  await d
    .addIdColumn(db.schema.createTable('licences'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('number', 'varchar(64)', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('issuer', 'text')
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('expires_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('document_id', big, (c) => c.references('documents.id'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('licences_number_unique')
    .on('licences')
    .columns(['number', 'type'])
    .unique()
    .execute();
  await db.schema.createIndex('licences_org').on('licences').columns(['org_id', 'id']).execute();

  await d
    .addIdColumn(db.schema.createTable('batches'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('product_id', big, (c) => c.notNull().references('products.id'))
    .addColumn('lot', 'varchar(20)', (c) => c.notNull())
    .addColumn('produced_on', 'varchar(10)')
    .addColumn('expires_on', 'varchar(10)')
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('uom', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('batches_product_lot_unique')
    .on('batches')
    .columns(['product_id', 'lot'])
    .unique()
    .execute();
  await db.schema.createIndex('batches_org').on('batches').columns(['org_id', 'id']).execute();

  await db.schema
    .createTable('batch_documents')
    .addColumn('batch_id', big, (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('document_id', big, (c) => c.notNull().references('documents.id'))
    .addPrimaryKeyConstraint('batch_documents_pk', ['batch_id', 'document_id'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('equipment'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('product_id', big, (c) => c.references('products.id'))
    .addColumn('item', 'varchar(40)', (c) => c.notNull())
    .addColumn('identifier', 'varchar(200)', (c) => c.notNull())
    .addColumn('use_registration_no', 'varchar(64)')
    .addColumn('location_id', big, (c) => c.references('locations.id'))
    .addColumn('next_inspection_on', 'varchar(10)')
    .addColumn('next_maintenance_on', 'varchar(10)')
    .addColumn('nominal_pressure_mpa', 'double precision')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('equipment_identifier_unique')
    .on('equipment')
    .column('identifier')
    .unique()
    .execute();
  await db.schema.createIndex('equipment_org').on('equipment').columns(['org_id', 'id']).execute();

  await d
    .addIdColumn(db.schema.createTable('compliance_certificates'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('batch_id', big, (c) => c.notNull().references('batches.id'))
    .addColumn('number', 'varchar(40)', (c) => c.notNull())
    .addColumn('promise', d.jsonType, (c) => c.notNull())
    .addColumn('basis', d.jsonType, (c) => c.notNull())
    .addColumn('product_name', 'text', (c) => c.notNull())
    .addColumn('quantity', 'double precision', (c) => c.notNull())
    .addColumn('uom', 'varchar(8)', (c) => c.notNull())
    .addColumn('origin_division', 'varchar(12)', (c) => c.notNull().references('divisions.code'))
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('contact', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('compliance_certificates_number_unique')
    .on('compliance_certificates')
    .column('number')
    .unique()
    .execute();
  await db.schema
    .createIndex('compliance_certificates_batch')
    .on('compliance_certificates')
    .column('batch_id')
    .execute();

  await db.schema
    .createTable('certificate_sources')
    .addColumn('certificate_id', big, (c) =>
      c.notNull().references('compliance_certificates.id').onDelete('cascade'),
    )
    .addColumn('source_id', big, (c) => c.notNull().references('compliance_certificates.id'))
    .addPrimaryKeyConstraint('certificate_sources_pk', ['certificate_id', 'source_id'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('vocabulary_elements'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('vtype', 'varchar(200)', (c) => c.notNull())
    .addColumn('element_id', 'varchar(400)', (c) => c.notNull())
    .addColumn('attributes', d.jsonType, (c) => c.notNull())
    .addColumn('children', d.jsonType, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('vocabulary_elements_unique')
    .on('vocabulary_elements')
    .columns(['element_id', 'vtype', 'org_id'])
    .unique()
    .execute();

  await d
    .addIdColumn(db.schema.createTable('profile_gaps'))
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('category', 'varchar(16)', (c) => c.notNull())
    .addColumn('item', 'varchar(40)', (c) => c.notNull())
    .addColumn('code', 'varchar(64)', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('element', 'varchar(64)')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('catalogue_version', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('profile_gaps_org').on('profile_gaps').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('profile_gaps_event').on('profile_gaps').column('event_pk').execute();

  await db.schema
    .createTable('input_applications')
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('subject', 'varchar(240)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('reg_no', 'varchar(64)', (c) => c.notNull())
    .addColumn('applied_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('withholding_days', 'integer')
    .execute();
  await db.schema
    .createIndex('input_applications_subject')
    .on('input_applications')
    .columns(['subject', 'applied_on'])
    .execute();

  await db.schema
    .createTable('blasting_job_events')
    .addColumn('job_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('org_id', big, (c) => c.notNull().references('organisations.id'))
    .addColumn('event_pk', big, (c) => c.notNull().references('events.id').onDelete('cascade'))
    .execute();
  await db.schema
    .createIndex('blasting_job_events_job')
    .on('blasting_job_events')
    .columns(['job_id', 'org_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of TABLES) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('products_gtin').execute();
  await db.schema.alterTable('products').dropColumn('attributes').execute();
  await db.schema.alterTable('products').dropColumn('registration_no').execute();
}
