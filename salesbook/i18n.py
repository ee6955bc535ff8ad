"""Core messages in Chinese (Simplified, the default) and English.

``t(key, lang=None, **params)``: the message for ``key`` in ``lang`` ('zh' or
'en'; None means the process language set by ``set_language`` or the
locale). Field names in messages are translated too (``field_name``).
"""

from __future__ import annotations

import locale
import os

_lang: str | None = None

MESSAGES: dict[str, tuple[str, str]] = {
    # the book
    "book_missing": ("找不到账本文件：{path}", "Book file not found: {path}"),
    # a missing book, a book read while another window has it (issue 16)
    "book_not_found": (
        "没有找到账本：{path}。新建账本：salesbook new {path}",
        "No book at {path}; create it with `salesbook new {path}`",
    ),
    "book_folder_missing": (
        "文件夹 {folder} 不存在，账本 {path} 没有创建。请先建好文件夹或换一个位置。",
        "The folder {folder} does not exist; the book {path} was not created. Create the folder first or choose another place.",
    ),
    "book_created": ("已新建账本：{path}", "New book created: {path}"),
    "book_file_not_a_sheet": (
        "{path} 是正在使用的账本文件，不是表格，不能导入。",
        "{path} is the open book's own file, not a spreadsheet; it cannot be imported.",
    ),
    "book_reading_held": (
        "只读：账本 {path} 已在另一个销售台账窗口中打开（进程 {pid}），这里读到的是它已保存的内容，不会做任何改动。",
        "Read-only: the book {path} is open in another Salesbook window (process {pid}); this shows what it has saved and changes nothing.",
    ),
    "book_not_a_book": ("{path} 不是销售台账的账本文件", "{path} is not a Salesbook book"),
    "book_corrupt": (
        "账本文件已损坏：{path}（{detail}）。请从备份恢复。",
        "The book {path} is damaged ({detail}). Restore it from a backup.",
    ),
    "book_too_new": (
        "账本 {path} 由更新版本的销售台账创建（格式 {version}，本程序只认识到 {known}）。请升级销售台账后再打开，账本未做任何改动。",
        "The book {path} was written by a newer Salesbook (format {version}; this one knows up to {known}). Upgrade Salesbook to open it; the book was not changed.",
    ),
    "book_readonly": (
        "账本 {path} 是只读的，无法保存。已保存的内容没有丢失。",
        "The book {path} is read-only; nothing can be saved. What was saved before is intact.",
    ),
    "book_locked": (
        "账本 {path} 正被另一个程序使用，请稍后再试。",
        "The book {path} is in use by another program; try again shortly.",
    ),
    "disk_full": (
        "磁盘已满，无法写入账本 {path}。已保存的内容没有丢失。",
        "The disk is full; cannot write the book {path}. What was saved before is intact.",
    ),
    "book_io": ("无法使用账本 {path}：{detail}", "Cannot use the book {path}: {detail}"),
    "migration_failed": (
        "升级账本 {path} 失败（{name}：{detail}），账本未改动。",
        "Upgrading the book {path} failed ({name}: {detail}); the book was not changed.",
    ),
    # validation
    "required": ("{field}不能为空", "{field} is required"),
    "bad_number": ("{field}“{value}”不是有效的数字", "{field} '{value}' is not a valid number"),
    "not_positive": (
        "{field}必须大于 0（“{value}”）",
        "{field} must be greater than 0 ('{value}')",
    ),
    "too_large": ("{field}“{value}”太大了", "{field} '{value}' is too large"),
    "bad_date": (
        "{field}“{value}”不是有效日期（例如 2026-03-05）",
        "{field} '{value}' is not a valid date (e.g. 2026-03-05)",
    ),
    "impossible_date": ("{field}“{value}”是不存在的日期", "{field} '{value}' is not a real date"),
    "future_date": (
        "{field}“{value}”在一个多月以后：请检查年份",
        "{field} '{value}' is more than a month ahead: check the year",
    ),
    "bad_phone": (
        "{field}“{value}”不是有效的电话号码",
        "{field} '{value}' is not a valid phone number",
    ),
    "bad_pay_day": (
        "{field}“{value}”无法识别（例如 10、每月10号、月底、5,20、每周五）",
        "{field} '{value}' is not understood (e.g. 10, 31 for month end, 5,20, weekly:fri)",
    ),
    "bad_level": (
        "{field}“{value}”无法识别（过客/熟人/朋友/知己）",
        "{field} '{value}' is not a level (passerby/acquaintance/friend/confidant)",
    ),
    "bad_kind": ("{field}“{value}”无效", "{field} '{value}' is not valid"),
    "duplicate_phone": (
        "电话 {value} 已属于客户“{other}”",
        "Phone {value} already belongs to customer '{other}'",
    ),
    "duplicate_product": ("商品“{value}”已存在", "Product '{value}' already exists"),
    "same_level": ("客户已经是{value}", "The customer is already {value}"),
    # lookups
    "customer_not_found": ("找不到客户：{query}", "No customer matches: {query}"),
    "customer_ambiguous": (
        "“{query}”对应多个客户，请用电话或编号指定：{names}",
        "'{query}' matches several customers; use a phone or id: {names}",
    ),
    "product_not_found": ("找不到商品：{query}", "No product named: {query}"),
    "record_not_found": ("找不到记录：{query}", "No record: {query}"),
    # import
    "import_failed": (
        "{file}：{count} 行有问题，未导入任何数据",
        "{file}: {count} bad row(s); nothing was imported",
    ),
    "import_row": ("第 {row} 行，{field}：{message}", "row {row}, {field}: {message}"),
    "import_no_header": (
        "{file}：找不到表头（需要包含：{needed}）",
        "{file}: no header row found (it needs: {needed})",
    ),
    "import_missing_column": (
        "{file}：缺少必需的列“{field}”",
        "{file}: the required column '{field}' is missing",
    ),
    "import_unreadable": ("无法读取文件 {file}：{detail}", "Cannot read the file {file}: {detail}"),
    "import_suspicious_name": (
        "第 {row} 行：姓名“{name}”像表格公式（已按原样导入，请检查）",
        "row {row}: the name '{name}' looks like a spreadsheet formula (imported as typed; check it)",
    ),
    "import_file_missing": ("找不到文件 {file}", "No such file: {file}"),
    "import_unsupported": (
        "不支持的文件类型：{file}（支持 .csv .xlsx .xls .ods .fods）",
        "Unsupported file type: {file} (use .csv .xlsx .xls .ods .fods)",
    ),
    "import_empty": ("{file} 里没有数据行", "{file} has no data rows"),
    "unknown_customer": ("找不到客户“{value}”", "no customer '{value}'"),
    "unknown_product": ("找不到商品“{value}”", "no product '{value}'"),
    # quantities and amounts as typed (text.quantity_factor, excel/rows.settle_delivery)
    "unit_unconvertible": (
        "{field}“{value}”的单位“{unit}”无法换算成 {product_unit}：请写成 {product_unit} 数",
        "{field} '{value}': the unit '{unit}' cannot be converted to {product_unit}; write the quantity in {product_unit}",
    ),
    "unit_no_product_unit": (
        "{field}“{value}”带单位“{unit}”，但这个商品没有设单位：请只写数字，或先给商品设单位",
        "{field} '{value}' has the unit '{unit}' but the product has none: write just the number, or give the product a unit",
    ),
    "unit_price_per_what": (
        "数量“{value}”是 {quantity} {product_unit}，单价 {price} 是每{unit}还是每 {product_unit} 不确定：请填上金额，或把数量写成 {product_unit} 数",
        "quantity '{value}' is {quantity} {product_unit}; is the unit price {price} per {unit} or per {product_unit}? Fill in the amount, or write the quantity in {product_unit}",
    ),
    "amount_mismatch": (
        "{field} {amount} 与 数量 {quantity} × 单价 {price} = {expected} 不符：请改正金额、数量或单价",
        "{field} {amount} does not match quantity {quantity} x unit price {price} = {expected}: correct the amount, quantity or unit price",
    ),
    "ambiguous_customer": (
        "“{value}”对应多个客户，请加上电话列",
        "'{value}' matches several customers; add a phone column",
    ),
    # files in and out (importer.py, excel/, team.py)
    "import_row_nofield": ("第 {row} 行：{message}", "row {row}: {message}"),
    "file_too_big": (
        "{file} 有 {size} MB，超过上限 {limit} MB。请把它拆成几个小文件再导入，账本未改动。",
        "{file} is {size} MB, over the {limit} MB limit. Split it into smaller files; the book was not changed.",
    ),
    "file_truncated": (
        "{file} 已损坏或不完整（可能没有下载/复制完整）。请在 Excel/WPS 中重新保存后再导入，账本未改动。",
        "{file} is damaged or incomplete (perhaps cut short while copying). Save it again from Excel/WPS; the book was not changed.",
    ),
    "file_password": (
        "{file} 设有打开密码。请在 Excel/WPS 中去掉密码后另存，再导入，账本未改动。",
        "{file} is password-protected. Remove the password in Excel/WPS, save it, then import; the book was not changed.",
    ),
    "file_zip_bomb": (
        "{file} 解压后过大（{size} MB，上限 {limit} MB），可能是恶意文件，已拒绝，账本未改动。",
        "{file} unpacks to too much data ({size} MB, limit {limit} MB); it may be malicious and was refused. The book was not changed.",
    ),
    "file_xml_entities": (
        "{file} 含有 DTD/外部实体声明（{part}），出于安全原因已拒绝。请在 Excel/WPS 中另存后再导入。",
        "{file} contains DTD/external entity declarations ({part}) and was refused for safety. Save it again from Excel/WPS.",
    ),
    "file_too_many_rows": (
        "{file} {sheet} 超过 {limit} 行，请拆分后再导入，账本未改动。",
        "{file} {sheet} has more than {limit} rows; split it first. The book was not changed.",
    ),
    "cell_too_large": (
        "{file} 第 {row} 行 {column} 列内容过长（{size} 个字符，上限 {limit}），账本未改动。",
        "{file} row {row}, column {column} is too long ({size} characters, limit {limit}); the book was not changed.",
    ),
    "file_encoding": (
        "无法识别 {file} 的文字编码（支持 UTF-8、GBK/GB18030）。请用 Excel 另存为“CSV UTF-8”。",
        "Cannot tell the text encoding of {file} (UTF-8 and GBK/GB18030 are supported). Save it as 'CSV UTF-8'.",
    ),
    "file_not_csv": (
        "{file} 其实是 Excel 工作簿，不是 CSV。请把扩展名改为 .xlsx/.xls 再导入。",
        "{file} is really an Excel workbook, not a CSV. Give it its .xlsx/.xls name and import again.",
    ),
    "file_not_excel": (
        "{file} 不是真正的 Excel 文件（可能是网页或文本另存成了 .xls）。请在 Excel/WPS 中打开后另存为 .xlsx。",
        "{file} is not a real Excel file (perhaps a web page or text saved as .xls). Open it in Excel/WPS and save as .xlsx.",
    ),
    "import_header_only": (
        "{file}（{sheet}）只有表头，没有数据行，账本未改动。",
        "{file} ({sheet}) has a header row but no data rows; the book was not changed.",
    ),
    "import_sheet_not_found": (
        "{file} 中没有工作表“{sheet}”（有：{sheets}）",
        "{file} has no sheet '{sheet}' (it has: {sheets})",
    ),
    "import_bad_field": (
        "“{value}”不是可导入的字段（可用：{fields}）",
        "'{value}' is not a field that can be imported (use one of: {fields})",
    ),
    "import_bad_column": (
        "找不到列“{value}”（表头有：{headers}）",
        "No column '{value}' (the headers are: {headers})",
    ),
    "import_bad_map": (
        "--map “{value}” 应写成 列名=字段，例如 人口=household_size",
        "--map '{value}' must be COLUMN=field, e.g. 人口=household_size",
    ),
    "bad_paid": (
        "{field}“{value}”无法识别（是/否，或已付金额）",
        "{field} '{value}' is not understood (yes/no, or the amount paid)",
    ),
    "bad_mode": (
        "{field}“{value}”无效（update 更新 / skip 跳过 / keep 都保留）",
        "{field} '{value}' is not valid (update / skip / keep)",
    ),
    # a sheet that does not fit the kind; the whole-book import (issue 16)
    "import_sheet_unfit": (
        "{file}：没有可作为{kind}导入的工作表。工作表“{sheet}”有 {columns} 列，不是{kind}表。文件中的工作表：{sheets}。请用 --sheet 工作表名 指定要导入的工作表，账本未改动。",
        "{file}: no sheet fits {kind}. Sheet '{sheet}' has the column(s) {columns}, so it is not a {kind} sheet. The file's sheets: {sheets}. Name the one to import with --sheet NAME; the book was not changed.",
    ),
    "unknown_products_summary": (
        "找不到商品“{value}”（{count} 行：第 {rows} 行）。请先添加这个商品（salesbook product add {value} --unit 单位 --price 单价 --per-person-daily 人均日用量，或在窗口的 工具 > 设置 里添加），或先导入商品表（salesbook import products 文件），再导入送货",
        "no product '{value}' ({count} row(s): {rows}). Add the product first (salesbook product add {value} --unit UNIT --price PRICE --per-person-daily USE, or Tools > Settings in the window), or import the products first (salesbook import products FILE), then import the deliveries again",
    ),
    "book_import_not_export": (
        "{file} 不是“导出整本账”写出的工作簿（缺少工作表“{sheet}”或其中的列“{column}”）。整本导入只接受 salesbook export book 的文件；其他表格请用 salesbook import customers/deliveries/payments。账本未改动。",
        "{file} is not a workbook written by 'export book' (no sheet '{sheet}' or no column '{column}' in it). Whole-book import reads only files from salesbook export book; import other spreadsheets with salesbook import customers/deliveries/payments. The book was not changed.",
    ),
    "book_import_row": (
        "工作表“{sheet}”第 {row} 行，{column}：{message}",
        "sheet '{sheet}', row {row}, {column}: {message}",
    ),
    "book_import_bad_value": ("“{value}”无法识别", "'{value}' is not understood"),
    "book_import_unknown_ref": (
        "找不到编号 {value}（在本文件和账本里都没有）",
        "no record with id {value} (neither in this file nor in the book)",
    ),
    "book_import_other_customers_delivery": (
        "这笔收款关联的送货 {value} 属于另一位客户",
        "this payment is linked to delivery {value}, which is another customer's",
    ),
    "book_import_failed": (
        "{file}：{count} 处有问题，未导入任何数据",
        "{file}: {count} problem(s); nothing was imported",
    ),
    "book_imported": (
        "已导入整本账 {file}：客户 新增 {customers} 更新 {updated}，商品 {products}，送货 {deliveries}，收款 {payments}，联系 {contacts}，关系变化 {history}，投诉 {complaints}，暂缓 {snoozes}，设置 {settings}；已有未变 {unchanged} 条",
        "Imported the whole book {file}: customers {customers} new, {updated} updated; products {products}, deliveries {deliveries}, payments {payments}, contacts {contacts}, level changes {history}, complaints {complaints}, snoozes {snoozes}, settings {settings}; {unchanged} already there",
    ),
    "book_import_nothing": (
        "{file} 里的内容账本中都已有，未做任何改动",
        "Everything in {file} is already in the book; nothing changed",
    ),
    "import_cancelled": ("导入已取消，账本未改动", "Import cancelled; the book was not changed"),
    "import_not_found": ("找不到导入记录 {id}", "No import with id {id}"),
    "import_already_reverted": (
        "导入 {id} 已于 {at} 撤销过",
        "Import {id} was already reverted at {at}",
    ),
    "import_revert_later": (
        "导入 {id} 之后的导入 {later} 又修改了同样的记录，请先撤销导入 {later}",
        "Import {later} changed the same records after import {id}; revert {later} first",
    ),
    "import_revert_blocked": (
        "无法撤销导入 {id}：导入的客户/商品之后又有了新记录（{names}）。账本未改动。",
        "Cannot revert import {id}: records were added later to what it imported ({names}). The book was not changed.",
    ),
    "import_reverted": (
        "已撤销导入 {id}：删除 {deleted} 条，恢复 {restored} 条",
        "Reverted import {id}: {deleted} row(s) deleted, {restored} restored",
    ),
    "import_details": (
        "工作表“{sheet}”，表头在第 {header_row} 行；合并重复行 {merged}，未变化 {unchanged}，跳过重复 {duplicates}，跳过合计行 {totals}",
        "sheet '{sheet}', header on row {header_row}; {merged} duplicate row(s) merged, {unchanged} unchanged, {duplicates} duplicate(s) skipped, {totals} total row(s) skipped",
    ),
    "import_id_line": (
        "导入编号 {id}（撤销：salesbook import revert {id}）",
        "Import id {id} (undo: salesbook import revert {id})",
    ),
    "export_done": ("已导出 {path}（{detail}）", "Exported {path} ({detail})"),
    "export_target_dir": ("无法写入 {path}：{detail}", "Cannot write {path}: {detail}"),
    "export_not_xlsx": (
        "{path}：导出的是 Excel 工作簿，文件名请以 .xlsx 结尾（要 CSV：salesbook due --format csv > 文件.csv）",
        "{path}: exports are Excel workbooks; give a name ending in .xlsx"
        " (for CSV: salesbook due --format csv > FILE.csv)",
    ),
    "export_no_folder": (
        "无法写入 {path}：文件夹 {folder} 不存在",
        "Cannot write {path}: the folder {folder} does not exist",
    ),
    "export_is_folder": (
        "无法写入 {path}：这是一个文件夹，请给出文件名",
        "Cannot write {path}: it is a folder; give a file name",
    ),
    "team_imported": (
        "已导入 {rep} 的汇总 {file}（{customers} 个客户，截至 {on}）",
        "Imported {rep}'s summary {file} ({customers} customers, as of {on})",
    ),
    "team_replaced": (
        "已用更新的汇总替换 {rep} 的数据（{file}，截至 {on}）",
        "Replaced {rep}'s data with a newer summary ({file}, as of {on})",
    ),
    "team_older": (
        "{file}：{rep} 的这份汇总（截至 {on}）不比团队账本里已有的（截至 {have}）新，未导入",
        "{file}: this summary of {rep} (as of {on}) is not newer than the one in the team book (as of {have}); skipped",
    ),
    "team_not_summary": (
        "{file} 不是销售台账的汇总文件（缺少“说明”表或格式标记 salesbook-summary）",
        "{file} is not a Salesbook summary (no 说明/meta sheet with the salesbook-summary marker)",
    ),
    "team_format_too_new": (
        "{file} 的汇总格式版本 {version} 比本程序认识的 {known} 新，请升级销售台账",
        "{file} uses summary format {version}, newer than {known} known here; upgrade Salesbook",
    ),
    "team_bad_summary": ("{file}：{detail}", "{file}: {detail}"),
    "team_missing_sheet": (
        "{file} 缺少工作表“{sheet}”（文件里的工作表：{found}），未导入；请让业务员重新导出汇总（salesbook export summary）",
        "{file} has no '{sheet}' sheet (sheets found: {found}); not imported. Ask the rep for a new summary (salesbook export summary)",
    ),
    "team_missing_columns": (
        "{file} 的工作表“{sheet}”缺少列 {columns}，团队报告离不开它，未导入；请让业务员重新导出汇总",
        "{file}, sheet '{sheet}', lacks the column(s) {columns} the team report needs; not imported. Ask the rep for a new summary",
    ),
    "team_cell_blank": (
        "{file}，工作表“{sheet}”第 {row} 行，{column} 是空的，未导入",
        "{file}, sheet '{sheet}', row {row}: {column} is blank; not imported",
    ),
    "team_cell_money": (
        "{file}，工作表“{sheet}”第 {row} 行，{column}：“{value}”不是金额，未导入",
        "{file}, sheet '{sheet}', row {row}: {column} '{value}' is not an amount of money; not imported",
    ),
    "team_cell_date": (
        "{file}，工作表“{sheet}”第 {row} 行，{column}：“{value}”不是日期，未导入",
        "{file}, sheet '{sheet}', row {row}: {column} '{value}' is not a date; not imported",
    ),
    "team_cell_duplicate": (
        "{file}，工作表“{sheet}”第 {row} 行，{column}：客户 {value} 出现了两次，未导入",
        "{file}, sheet '{sheet}', row {row}: {column}: customer {value} is listed twice; not imported",
    ),
    "team_count_mismatch": (
        "{file}：“说明”表写着 {stated} 个客户，工作表“{sheet}”里却有 {rows} 个；文件可能被改过或不完整，未导入",
        "{file}: the meta sheet says {stated} customers but sheet '{sheet}' lists {rows}; the file was changed or is incomplete; not imported",
    ),
    "team_shrink": (
        "{file}：{rep} 的这份汇总（截至 {on}）只有 {customers} 个客户，团队账本里现有 {before} 个；导入会去掉 {gone} 个客户（超过一半），未导入。"
        "确认无误请加 --force 再导入（被替换的汇总会保留，可用 salesbook team revert 找回）",
        "{file}: this summary of {rep} (as of {on}) has {customers} customers, the team book has {before}; importing it would remove {gone} customers "
        "(more than half), so it was not imported. If it is right, import it again with --force (the replaced summary is kept: salesbook team revert brings it back)",
    ),
    "team_reverted": (
        "已找回 {rep} 之前的汇总（截至 {on}，{customers} 个客户）；被撤下的汇总（截至 {was_on}，{was_customers} 个客户）已保留，再次 revert 可换回",
        "Brought back {rep}'s previous summary (as of {on}, {customers} customers); the one it replaced (as of {was_on}, {was_customers} customers) is kept: revert again to swap back",
    ),
    "team_conflicts_at_import": (
        "{file}：{n} 个客户也在其他业务员名下，未合并（团队报告的“冲突”里有全部）：{who}",
        "{file}: {n} customer(s) are also listed under another rep, not merged (all of them are in the report's conflicts): {who}",
    ),
    "team_conflict_one": (
        "{name}（也在 {others} 名下，{by}相同）",
        "{name} (also under {others}, same {by})",
    ),
    "team_conflict_more": ("等，另有 {n} 个", "and {n} more"),
    "team_by_phone": ("电话", "phone"),
    "team_by_uid": ("客户编号", "customer uid"),
    "team_revert_nothing": (
        "{rep} 没有被替换过的汇总，无可找回",
        "{rep} has no replaced summary to bring back",
    ),
    "team_rep_unknown": (
        "团队账本里没有业务员或账本编号“{value}”（业务员：{reps}）",
        "No rep or book uid '{value}' in the team book (reps: {reps})",
    ),
    "team_rep_ambiguous": (
        "团队账本里有几位业务员叫“{value}”，请用账本编号：{uids}",
        "Several reps are called '{value}' in the team book; use a book uid: {uids}",
    ),
    "summary_future_on": (
        "汇总日期 {on} 还没到（今天是 {today}）：汇总只能统计到今天或以前的某一天",
        "The summary date {on} is in the future (today is {today}): a summary can be as of today or a past day",
    ),
    "team_not_team": ("{path} 不是团队账本", "{path} is not a team book"),
    # the team book on a PostgreSQL server (salesbook.team_server)
    "team_server_no_driver": (
        "要打开服务器上的团队账本 {path}，需要先安装 psycopg：pip install 'salesbook[server]'",
        "To open the server team book {path}, install psycopg first: pip install 'salesbook[server]'",
    ),
    "team_server_unreachable": (
        "连不上团队账本服务器 {path}：{detail}。密码请写在 ~/.pgpass 或环境变量 PGPASSWORD 里，不要写进网址",
        "Cannot connect to the team book server {path}: {detail}. Put the password in ~/.pgpass or PGPASSWORD, never in the URL",
    ),
    "team_server_too_new": (
        "服务器上的团队账本 {path} 由更新版本的销售台账建立（结构 {version}，本程序只认识到 {known}）。请升级销售台账；服务器上的数据未做任何改动。",
        "The server team book {path} was set up by a newer Salesbook (schema {version}; this one knows up to {known}). Upgrade Salesbook; nothing on the server was changed.",
    ),
    "team_server_empty": (
        "服务器数据库 {path} 里还没有团队账本（请先用 salesbook team import 导入，或请管理员建好）",
        "The server database {path} holds no team book yet (import into it with salesbook team import, or ask its administrator)",
    ),
    "team_server_not_set_up": (
        "服务器上的团队账本 {path} 需要建立或升级，但您的数据库角色没有这个权限；请数据库管理员用 salesbook team import 先打开一次",
        "The server team book {path} needs setting up or upgrading, which your database role may not do; ask the database's administrator to open it once first",
    ),
    "team_grant_usage": (
        "用法：salesbook team grant 角色 --team postgresql://…（服务器上的团队账本） 加 --name 团队名 或 --head-office（二选一）",
        "Usage: salesbook team grant ROLE --team postgresql://... (a server team book) with either --name TEAM or --head-office",
    ),
    "team_granted": (
        "数据库角色 {role} 现在可以使用团队账本：{team}",
        "Database role {role} may now use the team book: {team}",
    ),
    "team_grant_failed": (
        "没能给数据库角色 {role} 授权：{detail}（角色要先在服务器上建好：CREATE ROLE … LOGIN）",
        "Could not grant database role {role}: {detail} (create the role on the server first: CREATE ROLE ... LOGIN)",
    ),
    "team_server_read_only": (
        "您的数据库角色只能查看团队账本 {path}，不能修改；团队账本未改动",
        "Your database role may only read the team book {path}, not change it; nothing was changed",
    ),
    "team_server_other_team": (
        "{file}：服务器拒绝了 {rep} 的汇总：这位业务员属于别的团队，或您的角色不能导入；团队账本未改动",
        "{file}: the server refused {rep}'s summary: the rep belongs to another team, or your role may not import; the team book was not changed",
    ),
    # cli output
    "imported": (
        "已导入 {imported} 行（新增 {inserted}，更新 {updated}），跳过 {skipped} 行",
        "Imported {imported} row(s) ({inserted} new, {updated} updated), skipped {skipped}",
    ),
    "dry_run_ok": (
        "试运行：{imported} 行可以导入，{skipped} 行有问题；账本未改动",
        "Dry run: {imported} row(s) would be imported, {skipped} bad; the book was not changed",
    ),
    "demo_built": (
        "演示账本已生成：{path}（{customers} 个客户，{deliveries} 次送货，用时 {seconds:.1f} 秒）",
        "Demo book written: {path} ({customers} customers, {deliveries} deliveries, {seconds:.1f} s)",
    ),
    "target_exists": ("{path} 已存在，不会覆盖", "{path} already exists; not overwriting it"),
    "saved_delivery": (
        "已记录：{customer} {product} {quantity}{unit}，{amount}；预计 {runout} 用完",
        "Recorded: {customer} {product} {quantity}{unit}, {amount}; runs out about {runout}",
    ),
    "saved_delivery_plain": (
        "已记录：{customer} {product} {quantity}{unit}，{amount}",
        "Recorded: {customer} {product} {quantity}{unit}, {amount}",
    ),
    "saved_payment": (
        "已收款：{customer} {amount}，尚欠 {balance}",
        "Payment recorded: {customer} {amount}, still owed {balance}",
    ),
    "saved_contact": ("已记录联系：{customer}（{kind}）", "Contact logged: {customer} ({kind})"),
    "saved_snooze": (
        "已推迟：{customer} 的{what}，{until} 再提醒",
        "Put off: {customer}'s {what}, back on {until}",
    ),
    "saved_elsewhere": (
        "已记录：{customer} 在别处买了 {product} {quantity}{unit}，欠款不变；预计 {runout} 用完",
        "Recorded: {customer} bought {quantity}{unit} {product} elsewhere, nothing owed;"
        " runs out about {runout}",
    ),
    "snooze_how": (
        "请用 --days 天数 或 --until 日期 说推迟多久（二选一）",
        "Say how long with --days N or --until DATE (one of them)",
    ),
    "snooze_past": (
        "{field}“{value}”不在今天之后：推迟要到以后的日期",
        "{field} '{value}' is not after today: put it off to a later date",
    ),
    "snooze_product_kind": (
        "--product 只用于补货提醒（{value}）",
        "--product goes with resupply reminders only ({value})",
    ),
    "no_forecast_household": (
        "还无法预计用完日：{customer} 没有家庭人数。填上后即可预计：salesbook customer edit {who} --household-size 人数",
        "No run-out forecast yet: {customer} has no household size. Add it to get one:"
        " salesbook customer edit {who} --household-size N",
    ),
    "no_forecast_product": (
        "还无法预计用完日：商品“{product}”没有每人每天用量。填上后即可预计：salesbook product edit {product} --per-person-daily 用量",
        "No run-out forecast yet: product '{product}' has no daily use per person. Add it:"
        " salesbook product edit {product} --per-person-daily AMOUNT",
    ),
    "customers_limited": (
        "（前 {shown} 位，共 {total} 位；--limit 可显示更多）",
        "(first {shown} of {total}; --limit shows more)",
    ),
    "saved_level": (
        "{customer}：{old} → {new}",
        "{customer}: {old} -> {new}",
    ),
    "saved_customer": ("已保存客户：{customer}", "Customer saved: {customer}"),
    "archived_customer": ("已归档客户：{customer}", "Customer archived: {customer}"),
    # issue 18: the customer's own rate, the forecast's accuracy on this book
    "rate_override_set": (
        "已设置：{customer} 的{product}每天约用 {rate} {unit}",
        "Set: {customer} uses about {rate} {unit} of {product} a day",
    ),
    "rate_override_cleared": (
        "已清除：{customer} 的{product}用量按经验值和历史估计",
        "Cleared: {customer}'s use of {product} is estimated from the rule of thumb and history",
    ),
    "forecast_accuracy": (
        "在这个账本上，10 次补货中约有 {tenths} 次预计用完日在实际再订货的 {days} 天以内"
        "（{n} 次中 {k} 次）；中位误差 {median} 天",
        "On this book, about {tenths} in 10 run-outs fell within {days} days of the real reorder"
        " ({k} of {n}); median error {median} days",
    ),
    "forecast_accuracy_young": (
        "账本的历史还太短，还无法检验预测（{n} 次补货，需要至少 {need} 次）",
        "Too little history to check the forecast yet ({n} reorders; it needs {need})",
    ),
    "forecast_fit_params": (
        "本账本的设置（{month} 按自己的历史选出）：经验用量相当于 {weight} 天的历史；"
        "间隔超过平常 {ratio} 倍视为在别处买了",
        "This book's tuning (chosen from its own history, {month}): the rule of thumb is worth"
        " {weight} days of history; an interval over {ratio}x the usual one means they bought"
        " elsewhere",
    ),
    "forecast_fit_products": (
        "{count} 个商品有自己的设置：{products}",
        "{count} products have their own tuning: {products}",
    ),
    "nothing_due": ("没有待办事项", "Nothing due"),
    "no_customers": ("没有找到客户", "No customers found"),
    "no_products": ("还没有商品", "No products yet"),
    "no_suggestions": ("暂无升级建议", "No upgrade suggestions"),
    "unexpected": (
        "出现意外错误：{detail}。账本未改动。",
        "Unexpected error: {detail}. The book was not changed.",
    ),
    # the window cannot open on this machine (ui/display_check.py)
    "window_unavailable": (
        "无法打开窗口：{detail}。请重新安装销售台账（pip install salesbook）；命令行功能照常可用（salesbook --help）。",
        "Cannot open the window: {detail}. Reinstall Salesbook (pip install salesbook); the command line"
        " works without it (salesbook --help).",
    ),
    "window_no_display": (
        "无法打开窗口：没有图形显示（未设置 {variable}）。请在桌面会话中运行 salesbook；命令行功能不需要显示（salesbook --help）。",
        "Cannot open the window: no display ({variable} is not set). Run salesbook from a desktop session; the command line works without one (salesbook --help).",
    ),
    "window_display_unreachable": (
        "无法打开窗口：连接不上显示 {display}（图形界面没有运行，或没有访问权限）。命令行功能不需要显示（salesbook --help）。",
        "Cannot open the window: the display {display} does not answer (no graphical session there, or no access to it). The command line works without one (salesbook --help).",
    ),
    "window_missing_libs": (
        "无法打开窗口：缺少 Qt 需要的系统库 {libs}。安装：sudo apt-get install {packages}",
        "Cannot open the window: Qt needs system libraries that are missing ({libs}). Install them: sudo apt-get install {packages}",
    ),
    # backups, lock, undo, trash (backup.py, lock.py, undo.py, cli_backup.py)
    "book_in_use": (
        "账本 {path} 已在另一个销售台账中打开（进程 {pid}），这里只能查看，不能修改。请先关闭那边的窗口。",
        "The book {path} is open in another Salesbook (process {pid}); it can only be viewed here. Close it there first.",
    ),
    "book_open_here": (
        "账本 {path} 正在本程序中打开，请先关闭它。",
        "The book {path} is open in this program; close it first.",
    ),
    "book_corrupt_restore": (
        '账本文件已损坏：{path}（{detail}）。最新的完好备份是 {backup}（{when}）。恢复：salesbook --book "{path}" backup restore {backup}',
        'The book {path} is damaged ({detail}). The newest good backup is {backup} ({when}). Restore it: salesbook --book "{path}" backup restore {backup}',
    ),
    "backup_failed": (
        "备份失败：{detail}。账本未改动。",
        "The backup failed: {detail}. The book was not changed.",
    ),
    "backup_not_found": (
        "找不到备份：{query}（用 salesbook backup list 查看）",
        "No backup matches: {query} (see salesbook backup list)",
    ),
    "backup_damaged": (
        "备份 {id} 已损坏，不能用来恢复",
        "The backup {id} is damaged and cannot be restored",
    ),
    "backup_needs_zstd": (
        "打开备份 {path} 需要 zstandard 组件",
        "Opening the backup {path} needs the zstandard package",
    ),
    "backup_created": ("已备份：{id}（{size}）→ {file}", "Backed up: {id} ({size}) -> {file}"),
    "backup_none": ("还没有备份", "No backups yet"),
    "backup_restored": (
        "已用备份 {id} 恢复账本 {path}。被替换的账本已保存为备份 {safety}。",
        "The book {path} was restored from backup {id}. The book it replaced was kept as backup {safety}.",
    ),
    "backup_confirm": (
        "用备份 {id}（{when}）替换账本 {path}？",
        "Replace the book {path} with backup {id} ({when})?",
    ),
    "check_ok": (
        "账本完好（{kind}检查）：{path}，{customers} 个客户，{deliveries} 次送货",
        "The book is sound ({kind} check): {path}, {customers} customers, {deliveries} deliveries",
    ),
    "undo_done": ("已撤销：{what}", "Undone: {what}"),
    "undo_nothing": ("没有可以撤销的操作", "Nothing to undo"),
    "redo_done": ("已重做：{what}", "Redone: {what}"),
    "redo_nothing": ("没有可以重做的操作", "Nothing to redo"),
    "undo_blocked": (
        "无法撤销“{what}”：之后的更改依赖它（{detail}）。账本未改动。",
        "Cannot undo '{what}': later changes depend on it ({detail}). The book was not changed.",
    ),
    "trash_not_found": ("回收站里没有 {query}", "{query} is not in the trash"),
    "bad_trash_ref": (
        "“{value}”应写成 类型:编号，例如 delivery:12",
        "'{value}' should be kind:id, e.g. delivery:12",
    ),
    "trash_restored": ("已从回收站恢复：{what}", "Restored from the trash: {what}"),
    "trash_moved": ("已移到回收站：{what}", "Moved to the trash: {what}"),
    "trash_empty": ("回收站是空的", "The trash is empty"),
    "act_deliver": (
        "送货：{customer} {product} {quantity}",
        "delivery: {customer} {product} {quantity}",
    ),
    "act_deliveries": ("{n} 条送货记录", "{n} deliveries"),
    "act_delete_delivery": (
        "删除送货：{customer} {product} {quantity}（{date}）",
        "delete delivery: {customer} {product} {quantity} ({date})",
    ),
    "act_restore_delivery": (
        "恢复送货：{customer} {product} {quantity}",
        "restore delivery: {customer} {product} {quantity}",
    ),
    "act_edit_delivery": ("修改送货：{customer} {product}", "edit delivery: {customer} {product}"),
    "act_delete_many": ("删除 {n} 条记录", "delete {n} records"),
    "act_pay": ("收款：{customer} {amount}", "payment: {customer} {amount}"),
    "act_delete_payment": ("删除收款：{customer} {amount}", "delete payment: {customer} {amount}"),
    "act_restore_payment": (
        "恢复收款：{customer} {amount}",
        "restore payment: {customer} {amount}",
    ),
    "act_edit_payment": ("修改收款：{customer}", "edit payment: {customer}"),
    "act_contact": ("联系记录：{customer}", "contact: {customer}"),
    "act_delete_contact": ("删除联系记录：{customer}", "delete contact: {customer}"),
    "act_restore_contact": ("恢复联系记录：{customer}", "restore contact: {customer}"),
    "act_add_customer": ("新增客户：{customer}", "add customer: {customer}"),
    "act_add_customers": ("新增 {n} 个客户", "add {n} customers"),
    "act_edit_customer": ("修改客户：{customer}", "edit customer: {customer}"),
    "act_archive_customer": ("归档客户：{customer}", "archive customer: {customer}"),
    "act_unarchive_customer": ("恢复客户：{customer}", "restore customer: {customer}"),
    "act_level": ("关系：{customer} {old} → {new}", "level: {customer} {old} -> {new}"),
    "act_complaint": ("投诉：{customer}", "complaint: {customer}"),
    "act_add_product": ("新增商品：{product}", "add product: {product}"),
    "act_edit_product": ("修改商品：{product}", "edit product: {product}"),
    "act_override": ("修改用量：{customer}", "daily use: {customer}"),
    "act_import": ("导入：{file}", "import: {file}"),
    "act_changes": ("{n} 处更改", "{n} changes"),
    "act_undo": ("撤销 {what}", "undo {what}"),
    "act_redo": ("重做 {what}", "redo {what}"),
    # customer value, risk, complaints (value.py, risk.py, complaints.py, cli_value.py)
    "complaint_what_required": (
        "请写下投诉的内容（发生了什么）",
        "Say what the complaint is about",
    ),
    "complaint_how_required": ("请写下是怎么解决的", "Say how the complaint was resolved"),
    "complaint_already_resolved": (
        "这条投诉已于 {date} 解决",
        "This complaint was already resolved on {date}",
    ),
    "complaint_resolved_before": (
        "解决日期 {value} 早于投诉日期 {date}",
        "The resolution date {value} is before the complaint date {date}",
    ),
    "complaint_saved": ("已记录投诉 #{id}：{customer}", "Complaint #{id} logged: {customer}"),
    "complaint_resolved": (
        "投诉 #{id} 已解决（{customer}）；建议近期上门回访",
        "Complaint #{id} resolved ({customer}); a follow-up visit is suggested",
    ),
    "no_complaints": ("没有投诉", "No complaints"),
    "complaint_not_resolved": (
        "这条投诉还没有解决：先记下是怎么解决的",
        "This complaint is not resolved yet: record how it was put right first",
    ),
    "complaint_follow_up_before": (
        "回访日期 {value} 早于投诉解决的日期 {date}",
        "The follow-up date {value} is before the complaint was resolved ({date})",
    ),
    "complaint_follow_up_note": ("投诉回访：{what}", "Follow-up after a complaint: {what}"),
    "referral_loop": (
        "不能这样记录介绍人：{value} 本身就是由这位客户介绍来的（或是同一人）",
        "Cannot record that referral: {value} was referred by this customer (or is the same customer)",
    ),
    "referral_saved": (
        "已记录：{customer} 由 {referrer} 介绍",
        "Recorded: {customer} was referred by {referrer}",
    ),
    # messages ready to send, templates (messages.py, cli_message.py)
    "template_empty": (
        "模板“{template}”是空的：请写上消息内容",
        "The template '{template}' is empty: write the message",
    ),
    "template_too_long": (
        "模板“{template}”太长了（最多 {limit} 个字）",
        "The template '{template}' is too long (at most {limit} characters)",
    ),
    "template_braces": (
        "模板“{template}”里的花括号不配对：占位符要写成 {{称呼}} 这样（要显示花括号本身请写两个：{{{{ }}}}）",
        "The template '{template}' has an unmatched brace: write placeholders like {{address_as}} (a literal brace is doubled: {{{{ }}}})",
    ),
    "template_unknown_placeholder": (
        "模板“{template}”里的占位符 {placeholder} 不认识；可以用：{known}",
        "The template '{template}' uses an unknown placeholder {placeholder}; it can use: {known}",
    ),
    "template_wrong_placeholder": (
        "模板“{template}”用了 {placeholder}，这类消息没有这一项；可以用：{known}",
        "The template '{template}' uses {placeholder}, which this kind of message has no value for; it can use: {known}",
    ),
    "message_no_runout": (
        "{customer} 还没有预计用完日期，写不了补货消息（先记一次送货，或填家庭人数）",
        "{customer} has no predicted run-out yet, so there is no resupply message (record a delivery or the household size first)",
    ),
    "message_no_runout_product": (
        "{customer} 没有{product}的预计用完日期，写不了这条补货消息",
        "{customer} has no predicted run-out for {product}: no resupply message to write",
    ),
    "message_nothing_owed": (
        "{customer} 没有欠款，不用写收款消息",
        "{customer} owes nothing: no collection message to write",
    ),
    "message_plan_title": ("拜访计划 · 消息 · {date}", "Visit plan · messages · {date}"),
    "message_plan_empty": ("这一天没有要拜访的客户。", "Nobody needs a visit on this day."),
    "message_logged": ("已记为发送给 {customer} 的消息", "Logged as a message sent to {customer}"),
    "message_logged_many": ("已记下 {n} 条发出的消息", "Logged {n} sent messages"),
    "message_also_due": ("（还有：{what}）", "(also due: {what})"),
    "message_plan_written": ("已写入 {path}（{n} 位客户）", "Wrote {path} ({n} customers)"),
    "template_saved": ("已保存模板“{template}”", "Saved the template '{template}'"),
    "template_reset": ("已恢复 {n} 个默认模板", "Reset {n} template(s) to the default"),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "days": ("天数", "days"),
    "until": ("推迟到", "until"),
    "name": ("姓名", "name"),
    "phone": ("电话", "phone"),
    "address": ("地址", "address"),
    "area": ("片区", "area"),
    "household_size": ("家庭人数", "household size"),
    "pay_day": ("发薪日", "pay day"),
    "pay_cycle": ("发薪周期", "pay cycle"),
    "level": ("关系", "level"),
    "notes": ("备注", "notes"),
    "customer": ("客户", "customer"),
    "product": ("品名", "product"),
    "unit": ("单位", "unit"),
    "unit_price": ("单价", "unit price"),
    "price": ("单价", "price"),
    "per_person_daily": ("人均日用量", "per-person daily use"),
    "date": ("日期", "date"),
    "quantity": ("数量", "quantity"),
    "amount": ("金额", "amount"),
    "paid": ("已付", "paid"),
    "kind": ("方式", "kind"),
    "lead_days": ("提前天数", "lead days"),
    "daily_rate": ("日用量", "daily rate"),
    "number": ("数字", "number"),
    "note": ("备注", "note"),
    "what": ("投诉内容", "what happened"),
    "how": ("解决办法", "how it was put right"),
    "address_as": ("称呼", "form of address"),
    "delivery_note": ("送货习惯", "delivery habits"),
    "template": ("模板", "template"),
}


def set_language(lang: str | None) -> None:
    """Set the process language ('zh' or 'en'; None: from the environment)."""
    global _lang
    _lang = _norm(lang) if lang else None


def _norm(lang: str) -> str:
    return "en" if lang.lower().startswith("en") else "zh"


def current_language() -> str:
    if _lang:
        return _lang
    env = os.environ.get("SALESBOOK_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG")
    if env:
        low = env.lower()
        if low.startswith("zh") or low in ("c", "posix") or low.startswith(("c.", "posix.")):
            return "zh"  # Chinese first when the system says nothing
        return "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc and not loc.lower().startswith("zh") else "zh"


KIND_NAMES = {
    "customers": ("客户", "customers"),
    "products": ("商品", "products"),
    "deliveries": ("送货", "deliveries"),
    "payments": ("收款", "payments"),
    "book": ("整本账", "whole book"),
}


def kind_name(kind: str, lang: str | None = None) -> str:
    """An import kind as the user reads it (收款 / payments)."""
    lang = _norm(lang) if lang else current_language()
    pair = KIND_NAMES.get(kind, (kind, kind))
    return pair[0] if lang == "zh" else pair[1]


def field_name(field: str, lang: str | None = None) -> str:
    lang = _norm(lang) if lang else current_language()
    pair = FIELD_NAMES.get(field)
    if not pair:
        return field
    return pair[0] if lang == "zh" else pair[1]


def t(key: str, lang: str | None = None, **params) -> str:
    """The message ``key`` in ``lang``, with ``params`` filled in."""
    lang = _norm(lang) if lang else current_language()
    pair = MESSAGES.get(key)
    if pair is None:
        return key + (" " + repr(params) if params else "")
    template = pair[0] if lang == "zh" else pair[1]
    if "field" in params and params["field"]:
        params = dict(params, field=field_name(str(params["field"]), lang))
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
